package io.recsync.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One end of a link filter's {@code recordedAt} window: a fixed instant ({@code 2026-11-01}) or a
 * span back from the start of the run ({@code 30d}). A relative bound is kept as the span, not as
 * an instant, so a job that is loaded once and run every night moves its window every night:
 * {@link #resolve} turns it into an instant against the run's own clock reading.
 *
 * @param instant the fixed instant, or null for a relative bound
 * @param ago the span before the run's start, or null for a fixed bound
 */
public record TimeBound(Instant instant, Duration ago) {

    public TimeBound {
        if ((instant == null) == (ago == null)) {
            throw new IllegalArgumentException("a time bound is either an instant or a span back from now");
        }
    }

    public static TimeBound at(Instant instant) {
        return new TimeBound(Objects.requireNonNull(instant), null);
    }

    public static TimeBound ago(Duration span) {
        return new TimeBound(null, Objects.requireNonNull(span));
    }

    /** Null-tolerant {@link #at}: an absent instant is an absent bound. */
    public static TimeBound atOrNull(Instant instant) {
        return instant == null ? null : at(instant);
    }

    public boolean relative() {
        return ago != null;
    }

    /** The instant this bound stands for in a run that started at {@code runStart}. */
    public Instant resolve(Instant runStart) {
        return instant != null ? instant : runStart.minus(ago);
    }

    /** As an operator wrote it: {@code 2026-11-01T00:00:00Z} or {@code 30d}. */
    @Override
    public String toString() {
        return instant != null ? instant.toString() : RelativeTimes.format(ago);
    }
}
