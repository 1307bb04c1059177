package io.recsync.connector.s3;

import io.recsync.config.RetentionPeriod;
import io.recsync.config.Settings;
import java.time.Instant;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * S3 Object Lock for the recordings recsync writes to a bucket that has it ({@code objectLock: {
 * mode: COMPLIANCE, retain: 7y, legalHold: true }} in an s3 profile): each recording's audio and
 * sidecar are PUT with the lock headers, retained until {@code recordedAt + retain}. A server that
 * does not enforce Object Lock may refuse the headers or drop them; {@code recsync sites check}
 * reads the lock back and says which.
 *
 * @param mode GOVERNANCE or COMPLIANCE; null with only a legal hold
 * @param retain span from the recording's recordedAt; null with only a legal hold
 * @param legalHold put every recording under an S3 legal hold (no expiry; lifted by a person)
 */
public record ObjectLockSettings(ObjectLockMode mode, RetentionPeriod retain, boolean legalHold) {

    static ObjectLockSettings parse(Settings s) {
        String mode = s.optionalChoice("mode", null, "GOVERNANCE", "COMPLIANCE");
        RetentionPeriod retain = s.optional("retain", null, RetentionPeriod::parse);
        boolean hold = s.optionalBoolean("legalHold", false);
        s.finish();
        if ((mode == null) != (retain == null)) {
            throw s.error(mode == null ? "mode" : "retain", "is required too: a retention needs both mode"
                    + " (GOVERNANCE or COMPLIANCE) and retain (a span from recordedAt, e.g. 7y)");
        }
        if (mode == null && !hold) {
            throw s.errorHere("locks nothing; give mode and retain, or legalHold: true");
        }
        return new ObjectLockSettings(mode == null ? null : ObjectLockMode.fromValue(mode), retain, hold);
    }

    /**
     * When a recording made at {@code recordedAt} may be deleted, or null when nothing is to be
     * retained: no retention configured, the time unknown, or already past (S3 refuses a
     * retain-until date that is not in the future; the legal hold, if any, still applies).
     */
    Instant retainUntil(Instant recordedAt, Instant now) {
        if (mode == null || recordedAt == null) {
            return null;
        }
        Instant until = retain.after(recordedAt);
        return until.isAfter(now) ? until : null;
    }

    ObjectLockLegalHoldStatus holdStatus() {
        return legalHold ? ObjectLockLegalHoldStatus.ON : null;
    }

    /** {@code COMPLIANCE 7y from recordedAt, legal hold}: for messages and describe(). */
    @Override
    public String toString() {
        return (mode == null ? "" : mode + " " + retain + " from recordedAt") + (legalHold ? (mode == null ? "" : ", ")
                + "legal hold" : "");
    }
}
