package io.recsync.cli;

import io.recsync.demo.ArchiveGenerator;
import io.recsync.report.Units;
import io.recsync.sync.ExitCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Create two local demo sites with generated recordings, sync one to the other, and print the"
            + " summary and the history.",
            "The recordings are real WAV files with JSON sidecars (3 tenants, 4 groups); the job file is written beside"
            + " the sites. Running it again copies nothing new."})
final class DemoCommand implements Callable<Integer> {

    private static final long SEED = 20261122L;

    @ParentCommand
    Recsync root;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo", description = "Where to create the demo (default ./demo).")
    Path dir;

    @Option(names = "--recordings", paramLabel = "N", defaultValue = "200", description = "How many recordings (default 200).")
    int recordings;

    @Option(names = "--no-sync", description = "Only create the sites and the job file.")
    boolean noSync;

    @Override
    public Integer call() {
        if (recordings < 1 || recordings > 1_000_000) {
            throw new io.recsync.config.ConfigException("--recordings: expected 1 to 1000000, got " + recordings);
        }
        Path base = dir.toAbsolutePath().normalize();
        Path siteA = base.resolve("site-a");
        Path siteB = base.resolve("site-b");
        Path job = base.resolve("job.yml");
        // The demo's sites are its own: a demo directory made anew (an earlier one deleted), or one
        // last synced with another RECSYNC_HOME, must not trip the safety rails meant for real
        // archives. The rails still run and say what they accepted.
        boolean fresh = !Files.exists(siteB);
        try {
            Files.createDirectories(siteA);
            Files.createDirectories(siteB);
            ArchiveGenerator.Summary s = new ArchiveGenerator(SEED, 1.0, 6.0).generate(siteA, recordings);
            Files.writeString(job, jobYaml());
            root.out().println("Demo sites in " + base + ":");
            root.out().println("  site-a: " + s.recordings() + " recordings (" + s.written() + " generated now, "
                    + Units.bytes(s.bytes()) + ")");
            root.out().println("  site-b: the target");
            root.out().println("  job:    " + job);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo in " + base, e);
        }
        if (noSync) {
            root.out().println("Run it with: recsync sync --job " + job);
            return ExitCode.SUCCESS.code();
        }
        RunOptions options = new RunOptions();
        options.job = job;
        options.force = true;
        options.fullRescan = fresh;
        int exit = new SyncInvocation(root, options, "demo").run(false);
        root.out().println();
        root.out().println("History of job 'demo':");
        root.run(root.out(), root.err(), "history", "--job", job.toString(), "--limit", "5");
        root.out().println();
        root.out().println("Next: edit " + job + " or copy jobs/nightly.yml, then `recsync sync --job FILE`.");
        return exit;
    }

    private static String jobYaml() {
        return """
                # Written by `recsync demo`. Two local sites: site-a is the recorder's archive (read-only
                # for recsync), site-b the copy. Paths are relative to this file.
                name: demo
                sites:
                  site-a:
                    connector: { type: local, root: ./site-a }
                    manifest:
                      source: scan
                      template: "%s"
                    mode: ro
                  site-b:
                    connector: { type: local, root: ./site-b }
                links:
                  - from: site-a
                    to: site-b
                transfer:
                  chunkSize: 50
                  parallel: 4
                """.formatted(ArchiveGenerator.TEMPLATE);
    }
}
