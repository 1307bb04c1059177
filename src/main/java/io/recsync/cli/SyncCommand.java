package io.recsync.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.ParentCommand;

@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Run a job: refresh manifests, plan, copy what is missing (verified), publish, summarize.",
            "If the job's last run failed or was killed, this resumes it instead of planning anew."})
final class SyncCommand implements Callable<Integer> {

    @ParentCommand
    Recsync root;

    @Mixin
    RunOptions options;

    @Option(names = "--dry-run", description = "Plan and print what would be copied and which conflicts exist; write nothing to any site.")
    boolean dryRun;

    @Option(names = "--plan-out", paramLabel = "FILE", description = "A dry run that also writes the plan as JSON Lines"
            + " (one line per copy: from, to, recording) for review; nothing is written to any site.")
    Path planOut;

    @Option(names = "--plan-in", paramLabel = "FILE", description = "Execute exactly the plan in FILE (written by"
            + " --plan-out for this job) instead of planning; every copy is still verified.")
    Path planIn;

    @Option(names = "--continuous", description = {"Run as a service: replicate each recording within seconds of its"
            + " appearing at a source, until SIGTERM or Ctrl-C (then exit 0 after the chunk in flight). Local sources"
            + " are followed through file events, remote ones by listing them every --interval; each cycle is an"
            + " ordinary sync (planned, copied, verified, in the history when it ran). Holds the job's lock throughout."})
    boolean continuous;

    @Option(names = "--interval", paramLabel = "DURATION", description = "With --continuous: how often sites without"
            + " file events (SFTP, SMB, S3) are listed for changes (default: the job's service.interval, else 30s).")
    String interval;

    @Option(names = "--heartbeat", paramLabel = "DURATION", description = "With --continuous: run a cycle at least this"
            + " often even when no change was seen (default 1h).")
    String heartbeat;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "With --continuous: serve /health and /metrics"
            + " here (default: the job's service.listen; none when neither is set), e.g. 127.0.0.1:9464.")
    String listen;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!continuous && (interval != null || heartbeat != null || listen != null)) {
            throw new ParameterException(spec.commandLine(), "--interval, --heartbeat and --listen are for a service;"
                    + " add --continuous");
        }
        if (continuous) {
            if (dryRun || planOut != null || planIn != null || options.retryUntil != null) {
                throw new ParameterException(spec.commandLine(), "--continuous runs until stopped and retries by itself;"
                        + " it cannot be combined with --dry-run, --plan-out, --plan-in or --retry-until");
            }
            return new ContinuousInvocation(root, options, interval, heartbeat, listen).run();
        }
        if (planIn != null && (dryRun || planOut != null)) {
            throw new ParameterException(spec.commandLine(), "--plan-in executes a plan; it cannot be combined with"
                    + " --dry-run or --plan-out");
        }
        if (planIn != null && options.hasFilters()) {
            throw new ParameterException(spec.commandLine(), "--tenant, --group, --since and --until narrow planning;"
                    + " a plan given with --plan-in is executed as it stands (write a narrower plan instead)");
        }
        if (planIn != null && options.schedule != null) {
            throw new ParameterException(spec.commandLine(), "--schedule selects links to plan; a plan given with"
                    + " --plan-in is executed as it stands (write the plan with --schedule instead)");
        }
        return new SyncInvocation(root, options, "sync").run(dryRun || planOut != null, planOut, planIn);
    }
}
