package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.config.FilterParser;
import io.recsync.report.ConflictReport;
import io.recsync.store.ConflictRecord;
import io.recsync.store.ConflictStore;
import io.recsync.store.StateDatabase;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "conflicts", mixinStandardHelpOptions = true,
        description = "Review and settle what recsync would not decide by itself.",
        subcommands = {ConflictsCommand.ListConflicts.class, ConflictsCommand.Show.class, ConflictsCommand.Resolve.class})
final class ConflictsCommand implements Runnable {

    @ParentCommand
    Recsync root;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(root.out());
    }

    static ConflictRecord existing(ConflictStore store, long id) {
        return store.find(id).orElseThrow(() -> new ConfigException("no conflict " + id + "; `recsync conflicts list` shows them"));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List conflicts (open ones by default).")
    static final class ListConflicts implements Callable<Integer> {
        @ParentCommand
        ConflictsCommand parent;

        @Mixin
        StateOptions state;

        @Option(names = "--job", paramLabel = "NAME")
        String job;

        @Option(names = "--status", paramLabel = "STATUS", defaultValue = "open", description = "open (default), resolved or all.")
        String status;

        @Option(names = "--kind", paramLabel = "KIND", description = "AUDIO_DIFFERS, METADATA_DIFFERS, PATH_OCCUPIED, SOURCE_MISMATCH, DUPLICATE_ID.")
        String kind;

        @Option(names = "--tenant", paramLabel = "T")
        String tenant;

        @Option(names = "--since", paramLabel = "DATE", description = "Detected at or after DATE.")
        String since;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000")
        int limit;

        @Override
        public Integer call() {
            String s = status.toLowerCase();
            if (!List.of("open", "resolved", "all").contains(s)) {
                throw new ConfigException("--status: expected open, resolved or all, got '" + status + "'");
            }
            Recsync root = parent.root;
            try (StateDatabase db = root.environment().openState(state.dbUrl)) {
                List<ConflictRecord> found = new ConflictStore(db.jdbc()).list(new ConflictStore.Query(job,
                        s.equals("all") ? null : s, kind, tenant, since == null ? null : FilterParser.instant("--since", since),
                        limit));
                if (found.isEmpty() && state.format == io.recsync.report.Format.TABLE) {
                    root.out().println("No " + (s.equals("all") ? "" : s + " ") + "conflicts.");
                    return 0;
                }
                ConflictReport.list(found, state.format).print(root.out(), state.format);
                return 0;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Both sides of one conflict, side by side.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        ConflictsCommand parent;

        @Mixin
        StateOptions state;

        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            try (StateDatabase db = parent.root.environment().openState(state.dbUrl)) {
                ConflictReport.show(existing(new ConflictStore(db.jdbc()), id), parent.root.out());
                return 0;
            }
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = {"Settle a conflict. --keep target: the target's file stays as it is and the conflict is closed",
                "with your note (recorded with your OS user and the time). Nothing on any site is changed."})
    static final class Resolve implements Callable<Integer> {
        @ParentCommand
        ConflictsCommand parent;

        @Mixin
        StateOptions state;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--keep", required = true, paramLabel = "SIDE", description = "target (source and both are not applied automatically yet).")
        String keep;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why; kept with the conflict.")
        String note;

        @Override
        public Integer call() {
            String side = keep.toLowerCase();
            if (side.equals("source") || side.equals("both")) {
                throw new ConfigException("--keep " + side + " is not applied automatically by this version: recsync never "
                        + "replaces a recording at a target by itself. Put the version you want in place by hand, then close "
                        + "the conflict with --keep target --note '...'.");
            }
            if (!side.equals("target")) {
                throw new ConfigException("--keep: expected target, source or both, got '" + keep + "'");
            }
            Recsync root = parent.root;
            try (StateDatabase db = root.environment().openState(state.dbUrl)) {
                ConflictStore store = new ConflictStore(db.jdbc());
                ConflictRecord c = existing(store, id);
                if (!store.resolve(id, side, note, System.getProperty("user.name"))) {
                    throw new ConfigException("conflict " + id + " is already " + c.status().toLowerCase());
                }
                root.out().println("Conflict " + id + " resolved: kept the target's " + (c.targetPath() == null ? "copy"
                        : c.targetPath()) + " on site '" + c.targetSite() + "' unchanged; no file was written or removed.");
                return 0;
            }
        }
    }
}
