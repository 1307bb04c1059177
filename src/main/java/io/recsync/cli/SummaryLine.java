package io.recsync.cli;

import io.recsync.report.Units;
import io.recsync.store.RunRecord;

/** The one line a run leaves for cron mail and journald. */
final class SummaryLine {

    private SummaryLine() {}

    static String of(RunRecord r) {
        StringBuilder b = new StringBuilder();
        b.append("recsync ").append(r.job()).append(" run ").append(r.executionId()).append(' ').append(r.status())
                .append(" in ").append(Units.duration(r.duration())).append(": ")
                .append(r.planned()).append(" planned, ")
                .append(r.copied()).append(" copied (").append(Units.bytes(r.bytesCopied()))
                .append(" at ").append(Units.rate(r.bytesPerSecond())).append("), ")
                .append(r.skipped()).append(" already present, ")
                .append(r.failed()).append(" failed, ")
                .append(r.conflicts()).append(" new conflicts");
        if (r.exitCode() != null) {
            b.append(" [exit ").append(r.exitCode()).append(']');
        }
        if (r.message() != null && !r.message().isBlank()) {
            b.append(" - ").append(r.message().replace('\n', ' '));
        }
        return b.toString();
    }
}
