package io.recsync.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "resync", mixinStandardHelpOptions = true,
        description = {"The operator's command after an outage: rescan every site in full (ignoring watermarks",
            "and the checksum cache for the filtered scope), plan anew, then sync.",
            "Example: recsync resync --job jobs/nightly.yml --tenant acme --since 2026-11-01"})
final class ResyncCommand implements Callable<Integer> {

    @ParentCommand
    Recsync root;

    @Mixin
    RunOptions options;

    @Override
    public Integer call() {
        return new SyncInvocation(root, options, "resync").run(false);
    }
}
