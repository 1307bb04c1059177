package io.recsync.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the service can say about itself, for {@code /health} and the built-in part of
 * {@code /metrics}: its state, the last cycle, counters since start. Thread-safe: the loop writes,
 * the HTTP threads read.
 */
public final class ServiceStatus {

    public enum State { STARTING, IDLE, RUNNING, BACKING_OFF, STOPPING, STOPPED }

    private final String job;
    private final int unhealthyAfter;
    private State state = State.STARTING;
    private ContinuousService.CycleResult last;
    private Instant lastStarted;
    private Instant lastEnded;
    private String lastReason;
    private Instant lastSuccess;
    private Instant nextRetry;
    private int consecutiveFailures;
    private long cyclesOk;
    private long cyclesFailed;
    private long copied;
    private long bytesCopied;

    ServiceStatus(String job, int unhealthyAfter) {
        this.job = job;
        this.unhealthyAfter = unhealthyAfter;
    }

    synchronized void state(State s) {
        if ((state == State.STOPPING && s != State.STOPPED) || state == State.STOPPED) {
            return;
        }
        state = s;
    }

    synchronized void nextRetry(Instant at) {
        nextRetry = at;
    }

    synchronized void cycleEnded(Instant started, Instant ended, String reason, ContinuousService.CycleResult r) {
        last = r;
        lastStarted = started;
        lastEnded = ended;
        lastReason = reason;
        if (r.completed()) {
            cyclesOk++;
            consecutiveFailures = 0;
            lastSuccess = ended;
        } else {
            cyclesFailed++;
            consecutiveFailures++;
        }
        copied += r.copied();
        bytesCopied += r.bytesCopied();
    }

    public synchronized State state() {
        return state;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Healthy unless the last {@code unhealthyAfter} cycles all failed (a target unreachable, say). */
    public synchronized boolean healthy() {
        return consecutiveFailures < unhealthyAfter;
    }

    /** The body of {@code /health}. */
    public synchronized String healthJson(boolean lockHeld) {
        StringBuilder b = new StringBuilder("{");
        field(b, "status", healthy() ? "UP" : "DOWN").append(',');
        field(b, "state", state.name()).append(',');
        field(b, "job", job).append(',');
        b.append("\"lockHeld\":").append(lockHeld).append(',');
        b.append("\"consecutiveFailures\":").append(consecutiveFailures).append(',');
        b.append("\"cyclesOk\":").append(cyclesOk).append(',');
        b.append("\"cyclesFailed\":").append(cyclesFailed).append(',');
        field(b, "lastSuccessAt", ts(lastSuccess)).append(',');
        field(b, "nextRetryAt", ts(nextRetry)).append(',');
        b.append("\"lastCycle\":");
        if (last == null) {
            b.append("null");
        } else {
            b.append('{');
            field(b, "startedAt", ts(lastStarted)).append(',');
            field(b, "endedAt", ts(lastEnded)).append(',');
            field(b, "trigger", lastReason).append(',');
            field(b, "result", last.completed() ? "completed" : "failed").append(',');
            b.append("\"exitCode\":").append(last.exitCode()).append(',');
            b.append("\"run\":").append(last.runId() == 0 ? "null" : String.valueOf(last.runId())).append(',');
            b.append("\"planned\":").append(last.planned()).append(',');
            b.append("\"copied\":").append(last.copied()).append(',');
            field(b, "summary", last.summary());
            b.append('}');
        }
        return b.append('}').toString();
    }

    /** What the service itself counts, in the Prometheus text format (0.0.4). */
    public synchronized String prometheusText() {
        String l = "{job=\"" + job.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        String ok = "{job=\"" + job.replace("\\", "\\\\").replace("\"", "\\\"") + "\",result=\"completed\"}";
        String failed = "{job=\"" + job.replace("\\", "\\\\").replace("\"", "\\\"") + "\",result=\"failed\"}";
        StringBuilder b = new StringBuilder();
        metric(b, "recsync_service_up", "gauge", "1 while the continuous service runs and holds the job's lock.");
        b.append("recsync_service_up").append(l).append(" 1\n");
        metric(b, "recsync_service_healthy", "gauge", "0 when the last cycles all failed (as /health answers 503).");
        b.append("recsync_service_healthy").append(l).append(' ').append(healthy() ? 1 : 0).append('\n');
        metric(b, "recsync_service_cycles_total", "counter", "Cycles (sync runs) of this service, by result.");
        b.append("recsync_service_cycles_total").append(ok).append(' ').append(cyclesOk).append('\n');
        b.append("recsync_service_cycles_total").append(failed).append(' ').append(cyclesFailed).append('\n');
        metric(b, "recsync_service_consecutive_failures", "gauge", "Failed cycles in a row.");
        b.append("recsync_service_consecutive_failures").append(l).append(' ').append(consecutiveFailures).append('\n');
        metric(b, "recsync_service_copied_recordings_total", "counter", "Items copied and verified by this service's cycles.");
        b.append("recsync_service_copied_recordings_total").append(l).append(' ').append(copied).append('\n');
        metric(b, "recsync_service_copied_bytes_total", "counter", "Bytes copied and verified by this service's cycles.");
        b.append("recsync_service_copied_bytes_total").append(l).append(' ').append(bytesCopied).append('\n');
        if (lastEnded != null) {
            metric(b, "recsync_service_last_cycle_timestamp_seconds", "gauge", "When the last cycle ended.");
            b.append("recsync_service_last_cycle_timestamp_seconds").append(l).append(' ').append(seconds(lastEnded)).append('\n');
        }
        if (lastSuccess != null) {
            metric(b, "recsync_service_last_success_timestamp_seconds", "gauge", "When the last completed cycle ended.");
            b.append("recsync_service_last_success_timestamp_seconds").append(l).append(' ').append(seconds(lastSuccess))
                    .append('\n');
        }
        return b.toString();
    }

    private static void metric(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String seconds(Instant t) {
        return String.format(java.util.Locale.ROOT, "%.3f", t.toEpochMilli() / 1000.0);
    }

    private static String ts(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":");
        if (value == null) {
            return b.append("null");
        }
        b.append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
