package io.recsync.it;

import io.recsync.cli.CliEnvironment;
import io.recsync.cli.Recsync;
import io.recsync.connector.ConnectorCatalog;
import io.recsync.connector.ConnectorFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process against a private RECSYNC_HOME, capturing what it prints. */
public final class CliRun {

    /** What one command did. */
    public record Result(int exit, String out, String err) {
        /** The `--json` object: the last line of stdout. */
        public String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Map<String, String> env = new HashMap<>();
    /** Kinds for a test catalog; empty means the standard catalog. */
    private final List<ConnectorFactory> kinds = new ArrayList<>();

    /** How commands wait; default: at most 5 ms of each requested wait. */
    private io.recsync.sync.RetryPolicy.Sleeper sleeper = d -> Thread.sleep(Math.min(d.toMillis(), 5));
    private java.time.Clock clock = java.time.Clock.systemUTC();
    /** What the next command reads as a person's typing. */
    private String input = "";
    /** When the next command "started" (as the process start is for the real launcher); null: now. */
    private java.time.Instant commandStart;

    public CliRun(Path home) {
        env.put("RECSYNC_HOME", home.toString());
    }

    public CliRun env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /**
     * Uses a catalog of exactly the kinds added (e.g. local plus a fault-injecting one) instead of
     * the standard one.
     */
    public CliRun kind(ConnectorFactory factory) {
        kinds.add(factory);
        return this;
    }

    /** A test's own waiting and clock (e.g. a virtual clock its sleeper advances). */
    public CliRun time(io.recsync.sync.RetryPolicy.Sleeper sleeper, java.time.Clock clock) {
        this.sleeper = sleeper;
        this.clock = clock;
        return this;
    }

    /** Makes the next commands count their runs from {@code at}, as a JVM's start-up before main would. */
    public CliRun commandStart(java.time.Instant at) {
        this.commandStart = at;
        return this;
    }

    /** Text the commands read from standard input (a person answering a confirmation). */
    public CliRun input(String typed) {
        this.input = typed;
        return this;
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnvironment environment = new CliEnvironment(Map.copyOf(env), kinds.isEmpty() ? ConnectorCatalog.standard() : new ConnectorCatalog(kinds),
                sleeper, false, clock);
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = new Recsync(environment).commandStart(commandStart).input(new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))
                    .run(o, e, args);
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
