package io.recsync.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the service can say about itself, for {@code /health} and its meters on {@code /metrics}
 * (cli registers them beside the run meters): its state, the last cycle, counters since start.
 * Thread-safe: the loop writes, the HTTP threads read.
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

    public synchronized long cyclesOk() {
        return cyclesOk;
    }

    public synchronized long cyclesFailed() {
        return cyclesFailed;
    }

    /** When the last cycle ended; null before the first. */
    public synchronized Instant lastEnded() {
        return lastEnded;
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
