package io.recsync.connector.s3;

import io.recsync.connector.Connector.LockFinding;
import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;

/**
 * Proves whether a bucket enforces the Object Lock a profile asks for: one probe object written
 * with the lock (a retention of one minute, whatever the profile's span), its lock read back, the
 * probe's legal hold lifted and the probe deleted. Never assumes: a lock that does not come back
 * is reported as not enforced.
 */
final class ObjectLockProbe {

    private final S3Connector connector;
    private final S3Client client;
    private final S3Settings settings;

    ObjectLockProbe(S3Connector connector, S3Client client, S3Settings settings) {
        this.connector = connector;
        this.client = client;
        this.settings = settings;
    }

    LockFinding prove(ObjectLockSettings lock) {
        StoragePath path = StoragePath.of(".recsync/object-lock-probe-" + UUID.randomUUID() + ".bin");
        String key = settings.key(path);
        Instant until = lock.mode() == null ? null : Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        try {
            connector.putLocked(path, "recsync object lock probe".getBytes(StandardCharsets.US_ASCII), lock, until);
        } catch (StorageException e) {
            return new LockFinding(false, "object lock not enforced by this server: it refused a write with the"
                    + " object-lock headers (" + e.getMessage() + "); every copy to this site would fail the same way."
                    + " Use a bucket with Object Lock enabled on a server that supports it, or remove objectLock from"
                    + " the profile");
        }
        String mode = null;
        Instant untilBack = null;
        String hold = null;
        String readBack = "HEAD";
        try {
            HeadObjectResponse h = client.headObject(b -> b.bucket(settings.bucket()).key(key));
            mode = h.objectLockModeAsString();
            untilBack = h.objectLockRetainUntilDate();
            hold = h.objectLockLegalHoldStatusAsString();
            if (lock.mode() != null && mode == null) {
                readBack = "HEAD and GetObjectRetention";
                var r = client.getObjectRetention(b -> b.bucket(settings.bucket()).key(key)).retention();
                mode = r == null ? null : r.modeAsString();
                untilBack = r == null ? null : r.retainUntilDate();
            }
            if (lock.legalHold() && hold == null) {
                readBack += " and GetObjectLegalHold";
                var l = client.getObjectLegalHold(b -> b.bucket(settings.bucket()).key(key)).legalHold();
                hold = l == null ? null : l.statusAsString();
            }
        } catch (SdkException e) {
            readBack += " (" + firstLine(e.getMessage()) + ")";
        } finally {
            cleanUp(key, lock);
        }
        boolean retentionHolds = lock.mode() == null || (lock.mode().toString().equals(mode) && untilBack != null);
        boolean holdHolds = !lock.legalHold() || ObjectLockLegalHoldStatus.ON.toString().equals(hold);
        if (retentionHolds && holdHolds) {
            return new LockFinding(true, "object lock enforced: a probe written with " + lock + " came back"
                    + (mode == null ? "" : " " + mode + " until " + untilBack) + (hold == null ? "" : ", legal hold " + hold));
        }
        return new LockFinding(false, "object lock not enforced by this server: a probe written with " + lock
                + " came back with " + (mode == null ? "no retention" : mode + " until " + untilBack) + " and "
                + (hold == null ? "no legal hold" : "legal hold " + hold) + " (read back by " + readBack + "); the server"
                + " accepted the headers and dropped them, so recordings written here are NOT locked. Use a bucket"
                + " with Object Lock enabled on a server that enforces it (AWS S3, MinIO), or remove objectLock from"
                + " the profile");
    }

    /** Lifts the probe's legal hold and deletes it; on a bucket that enforces the lock its version stays a minute. */
    private void cleanUp(String key, ObjectLockSettings lock) {
        if (lock.legalHold()) {
            try {
                client.putObjectLegalHold(b -> b.bucket(settings.bucket()).key(key).legalHold(h -> h.status(
                        ObjectLockLegalHoldStatus.OFF)));
            } catch (SdkException ignored) {
                // A server without Object Lock has no hold to lift.
            }
        }
        try {
            client.deleteObject(b -> b.bucket(settings.bucket()).key(key));
        } catch (SdkException ignored) {
            // Retained: it expires a minute after the probe.
        }
    }

    private static String firstLine(String m) {
        return m == null ? "" : m.split("\n")[0];
    }
}
