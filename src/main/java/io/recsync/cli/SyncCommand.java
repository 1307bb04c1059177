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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
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
