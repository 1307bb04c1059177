package io.recsync.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

    @Override
    public Integer call() {
        return new SyncInvocation(root, options, "sync").run(dryRun);
    }
}
