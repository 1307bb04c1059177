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
        description = {
            "Keeps call-recording archives identical across sites (local, SMB, SFTP, S3):",
            "compares manifests, copies only what is missing, proves every copy by SHA-256,",
            "and logs conflicts for review. Exit codes: 0 ok, 1 failed (rerun resumes),",
            "2 usage/config error, 3 new conflicts, 4 some items failed, 5 job locked."},
        subcommands = {
            DemoCommand.class, SyncCommand.class, ResyncCommand.class, HistoryCommand.class, ReportCommand.class,
            ConflictsCommand.class, ManifestCommand.class, SitesCommand.class, CommandLine.HelpCommand.class})
public final class Recsync implements Runnable {

    private final CliEnvironment environment;
    private PrintStream out;
    private PrintStream err;

    public Recsync(CliEnvironment environment) {
        this.environment = environment;
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
        new CommandLine(this).usage(out);
    }

    /** Runs one command line; returns its exit code. */
    public int run(PrintStream out, PrintStream err, String... args) {
        this.out = out;
        this.err = err;
        CommandLine cli = new CommandLine(this);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("recsync: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE.code();
        });
        cli.setExecutionExceptionHandler((e, c, p) -> handle(e, err));
        return cli.execute(args);
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
        err.println("recsync: failed: " + e);
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            err.println("  caused by: " + c);
        }
        return ExitCode.FAILED.code();
    }

    public static void main(String[] args) {
        System.exit(new Recsync(CliEnvironment.system()).run(System.out, System.err, args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Recsync.class.getPackage().getImplementationVersion();
            return new String[] {"recsync " + (v == null ? "dev" : v)};
        }
    }
}
