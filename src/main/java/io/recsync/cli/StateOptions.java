package io.recsync.cli;

import io.recsync.report.Format;
import picocli.CommandLine.Option;

/** Options of the commands that only read recsync's state. */
final class StateOptions {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), csv or json.")
    Format format;

    @Option(names = "--db-url", paramLabel = "URL", description = "State database (default: RECSYNC_DB_URL, else H2 under RECSYNC_HOME).")
    String dbUrl;
}
