package io.recsync.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "resync", mixinStandardHelpOptions = true,
        description = {"Rescan every site in full, plan anew, then sync: the operator's command after an outage.",
            "Watermarks and the checksum cache are ignored for the filtered scope, so copies missing or altered at a"
            + " target are found.",
            "Example: recsync resync --job jobs/nightly.yml --tenant acme --since 2026-11-01."})
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
