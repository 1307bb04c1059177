package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.store.StateUnavailableException;
import io.recsync.sync.ExitCode;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: picocli subcommands, one class per verb. {@link #run} is the in-process entry
 * that tests call; it returns the exit code instead of exiting.
 */
@Command(name = "recsync", mixinStandardHelpOptions = true, versionProvider = Recsync.Version.class,
        description = "Keeps call-recording archives identical across sites (local, SMB, SFTP, S3): compares"
            + " manifests, copies only what is missing, proves every copy by SHA-256, and logs conflicts for review.",
        subcommands = {
            DemoCommand.class, SyncCommand.class, ResyncCommand.class, HistoryCommand.class, ReportCommand.class,
            ConflictsCommand.class, ManifestCommand.class, SitesCommand.class, JobsCommand.class, StatusCommand.class,
            WorkerCommand.class, WorkersCommand.class, AuditCommand.class,
            CommandLine.HelpCommand.class})
public final class Recsync implements Runnable {

    private final CliEnvironment environment;
    private PrintStream out;
    private PrintStream err;
    private java.io.InputStream in = System.in;
    private java.time.Instant givenStart;
    private java.time.Instant commandStart;

    public Recsync(CliEnvironment environment) {
        this.environment = environment;
    }

    /** Where a command reads a person's answer (a confirmation) from; standard input by default. */
    public Recsync input(java.io.InputStream in) {
        this.in = in;
        return this;
    }

    java.io.InputStream in() {
        return in;
    }

    /** When the command started (the process's start, when known): a run's duration counts from it. */
    public Recsync commandStart(java.time.Instant at) {
        this.givenStart = at;
        return this;
    }

    java.time.Instant commandStart() {
        return commandStart;
    }

    public CliEnvironment environment() {
        return environment;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    @Override
    public void run() {
        commandLine(this).usage(out);
    }

    /** Runs one command line; returns its exit code. */
    public int run(PrintStream out, PrintStream err, String... args) {
        commandStart = givenStart != null ? givenStart : java.time.Instant.now();
        oneLoggingSetup();
        this.out = out;
        this.err = err;
        CommandLine cli = commandLine(this);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, a) -> {
            if (e.getCommandLine().getCommandName().equals("status")) {
                // A monitoring plugin: a bad command line is UNKNOWN (3), not recsync's usage exit 2 (CRITICAL there).
                return StatusCommand.usageError(e.getMessage(), out);
            }
            err.println("recsync: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE.code();
        });
        cli.setExecutionExceptionHandler((e, c, p) -> handle(e, err));
        return cli.execute(args);
    }

    /**
     * One logging setup for everything: java.util.logging (the connectors', and their libraries')
     * goes through SLF4J to logback, so every log line has logback's format and level, before any
     * command runs (Spring Boot would install the same bridge only once a run's context starts).
     */
    static synchronized void oneLoggingSetup() {
        if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
        }
    }

    /**
     * The command tree, each command's help ending with the exit codes, listed from {@link ExitCode}
     * itself so that the help cannot miss a code.
     */
    static CommandLine commandLine(Object root) {
        CommandLine cli = new CommandLine(root);
        java.util.Map<String, String> codes = exitCodes();
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes (every command):%n").exitCodeList(codes);
        withExitCodes(cli.getSubcommands().values(), codes);
        return cli;
    }

    private static void withExitCodes(java.util.Collection<CommandLine> commands, java.util.Map<String, String> codes) {
        for (CommandLine sub : commands) {
            if (!sub.getCommandName().equals("help") && !sub.getCommandName().equals("status")) {
                sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
            }
            withExitCodes(sub.getSubcommands().values(), codes);
        }
    }

    static java.util.Map<String, String> exitCodes() {
        java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
        for (ExitCode e : ExitCode.values()) {
            codes.put(String.valueOf(e.code()), e.meaning());
        }
        return codes;
    }

    /** Maps what escaped a command to an exit code and one clear line on stderr. */
    static int handle(Exception e, PrintStream err) {
        if (e instanceof ConfigException) {
            err.println("recsync: " + e.getMessage());
            return ExitCode.USAGE.code();
        }
        if (e instanceof StateUnavailableException) {
            err.println("recsync: " + e.getMessage());
            return ExitCode.FAILED.code();
        }
        // Outside a batch run (a dry run, --plan-out): the same codes the run summary would give.
        if (e instanceof io.recsync.sync.SafetyRailException) {
            err.println("recsync: " + e.getMessage());
            return ExitCode.REFUSED.code();
        }
        if (e instanceof io.recsync.sync.InvalidInputException invalid) {
            err.println("recsync: " + e.getMessage());
            invalid.problems().stream().skip(1).limit(20).forEach(p -> err.println("  " + p));
            return ExitCode.USAGE.code();
        }
        // The state database went away mid-run (server stopped, network cut): the framework's
        // wrappers (CannotCreateTransactionException, Hikari's timeout, the driver's refusal) said
        // nothing an operator can act on. Nothing is lost: the copies already verified are DONE in
        // the database, the run is left STARTED/FAILED there, and the next run recovers it and
        // resumes. Only the driver's own short message is shown (never the URL, which may hold
        // credentials).
        java.sql.SQLException unreachable = stateDatabaseUnreachable(e);
        if (unreachable != null) {
            err.println("recsync: the state database is unreachable (" + unreachable.getMessage() + "); this run stopped"
                    + " with what it copied kept; the next run, once the database is back, recovers it and resumes"
                    + " where it stopped");
            return ExitCode.FAILED.code();
        }
        err.println("recsync: failed: " + e);
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            err.println("  caused by: " + c);
        }
        return ExitCode.FAILED.code();
    }

    /** The connection failure in {@code e}'s causes (SQL state class 08, or a pool timeout), or null. */
    static java.sql.SQLException stateDatabaseUnreachable(Throwable e) {
        return StateUnavailableException.connectionLost(e);
    }

    public static void main(String[] args) {
        // The JVM's (and the launcher's) start-up is part of the run an operator waits for.
        java.time.Instant started = ProcessHandle.current().info().startInstant().orElse(null);
        System.exit(new Recsync(CliEnvironment.system()).commandStart(started).run(System.out, System.err, args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Recsync.class.getPackage().getImplementationVersion();
            return new String[] {"recsync " + (v == null ? "dev" : v)};
        }
    }
}
