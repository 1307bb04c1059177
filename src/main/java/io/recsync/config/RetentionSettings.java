package io.recsync.config;

import java.time.Duration;

/**
 * A job's evidence-keeping settings besides the sites' own retention: the legal hold, and how far
 * ahead a source's declared purge ({@code purgeAfter} on a site) raises the alarm for recordings
 * no other site holds yet ({@code purgeAlarm:}, default 7d).
 */
public record RetentionSettings(LegalHold legalHold, Duration purgeAlarm) {

    public static final Duration DEFAULT_PURGE_ALARM = Duration.ofDays(7);

    public static final RetentionSettings NONE = new RetentionSettings(LegalHold.NONE, DEFAULT_PURGE_ALARM);

    static RetentionSettings parse(Settings root) {
        LegalHold hold = LegalHold.parse(root);
        Duration alarm = root.optionalDuration("purgeAlarm", DEFAULT_PURGE_ALARM);
        if (alarm.isNegative() || alarm.isZero()) {
            throw root.error("purgeAlarm", "must be longer than 0 (e.g. 7d)");
        }
        return new RetentionSettings(hold, alarm);
    }
}
