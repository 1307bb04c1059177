package io.recsync.cli;

import io.recsync.config.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.config.FilterParser;
import io.recsync.config.JobDefinition;
import io.recsync.config.JobLoader;
import io.recsync.connector.StoragePath;
import io.recsync.report.JsonFieldDiff;
import io.recsync.store.RunLock;
import io.recsync.sync.ConflictResolver;
import io.recsync.sync.ExitCode;
import io.recsync.sync.ProgressListener;
import io.recsync.sync.SyncOptions;
import io.recsync.sync.SyncSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
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

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.out());
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

        @Option(names = "--job", paramLabel = "FILE|NAME", description = "Only this job's conflicts: its job file, or"
                + " its name as history lists it. An unknown job is exit 2.")
        String jobGiven;

        @Option(names = "--status", paramLabel = "STATUS", defaultValue = "open", description = "open (default), resolved or all.")
        String status;

        @Option(names = "--kind", paramLabel = "KIND", description = "AUDIO_DIFFERS, METADATA_DIFFERS, PATH_OCCUPIED, SOURCE_MISMATCH, DUPLICATE_ID.")
        String kind;

        @Option(names = "--tenant", paramLabel = "T", description = "Only conflicts about this tenant's recordings.")
        String tenant;

        @Option(names = "--since", paramLabel = "DATE", description = "Detected at or after DATE.")
        String since;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N conflicts (default 1000).")
        int limit;

        @Override
        public Integer call() {
            String s = status.toLowerCase();
            if (!List.of("open", "resolved", "all").contains(s)) {
                throw new ConfigException("--status: expected open, resolved or all, got '" + status + "'");
            }
            Recsync root = parent.root;
            try (StateDatabase db = root.environment().openState(state.dbUrl)) {
                String job = jobGiven == null ? null : JobReference.resolve(jobGiven, root.environment(), db).name();
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

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Both sides of one conflict, side by side: site, path, size, checksum, version, updatedAt.",
                "With the job file (--job FILE), also reads both sides' metadata from the sites and shows the fields"
                + " that differ. An open conflict's last line is the command that settles it."})
    static final class Show implements Callable<Integer> {
        @ParentCommand
        ConflictsCommand parent;

        @Mixin
        StateOptions state;

        @Parameters(paramLabel = "ID", description = "The conflict (see `recsync conflicts list`).")
        long id;

        @Option(names = "--job", paramLabel = "FILE|NAME", description = "The conflict's job: with its file, the"
                + " metadata is also read from the sites; a name only checks the conflict is that job's.")
        String jobGiven;

        @Override
        public Integer call() {
            Recsync root = parent.root;
            CliEnvironment env = root.environment();
            try (StateDatabase db = env.openState(state.dbUrl)) {
                JobReference.Named named = jobGiven == null ? null : JobReference.resolve(jobGiven, env, db);
                ConflictRecord c = existing(new ConflictStore(db.jdbc()), id);
                if (named != null && !named.name().equals(c.job())) {
                    throw new ConfigException("conflict " + id + " is job '" + c.job() + "'s, not '" + named.name()
                            + "'s; `recsync conflicts list --job " + jobGiven + "` lists that job's");
                }
                List<JsonFieldDiff.Field> fields = null;
                if (named != null && named.file() != null && c.kind().equals("METADATA_DIFFERS")) {
                    JobDefinition definition = JobReference.load(named.file(), env).job();
                    try (SyncSession session = new SyncSession(definition, SyncOptions.defaults(), db, env.catalog(),
                            ProgressListener.NONE, env.sleeper())) {
                        fields = JsonFieldDiff.of(readJson(session, c.sourceSite(), c.sourcePath()),
                                readJson(session, c.targetSite(), c.targetPath()));
                    }
                }
                ConflictReport.show(c, fields, root.out());
                if (c.resolvedAt() == null) {
                    // The next step, as a command that works: the resolve needs the job file.
                    root.out().println("  next:      recsync conflicts resolve " + c.id() + " --keep source|target|both --job "
                            + (named != null && named.file() != null ? named.file().toString() : "FILE")
                            + "   (the file of job '" + c.job() + "'; --note TEXT says why)");
                }
                return 0;
            }
        }

        private static JsonNode readJson(SyncSession session, String site, String path) {
            try (InputStream in = session.sites().connector(site).open(StoragePath.of(path))) {
                return new ObjectMapper().readTree(in.readNBytes(1 << 20));
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + site + ":" + path, e);
            }
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = {"Settle conflicts on the sites, at once.",
                "--keep source: the source's version replaces the target's. target: the target's replaces the source's"
                + " (metadata) or stays as it is (audio). both: the target's metadata stays live at both sites, the"
                + " source's kept beside it under a name ending in .conflict-SITE-TIME.json (audio: the source's file is"
                + " put beside the target's).",
                "The kept metadata reaches the job's other sites with the next sync; kept audio replaces the given-up"
                + " version at every site of the job holding it. Every replaced file is first copied, verified, to"
                + " .recsync/quarantine/ on its site: nothing is deleted.",
                "Recorded with your OS user and the time. Bulk: --all with --kind (and --tenant) asks for confirmation"
                + " unless --yes."})
    static final class Resolve implements Callable<Integer> {
        @ParentCommand
        ConflictsCommand parent;

        @Mixin
        StateOptions state;

        @Parameters(paramLabel = "ID", arity = "0..1", description = "The conflict (see `recsync conflicts list`).")
        Long id;

        @Option(names = "--all", description = "Every open conflict of the job that matches --kind (and --tenant).")
        boolean all;

        @Option(names = "--kind", paramLabel = "KIND", description = "With --all: METADATA_DIFFERS, AUDIO_DIFFERS, PATH_OCCUPIED, ...")
        String kind;

        @Option(names = "--tenant", paramLabel = "T", description = "With --all: only this tenant's conflicts.")
        String tenant;

        @Option(names = "--keep", required = true, paramLabel = "SIDE", description = "source, target or both.")
        String keep;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why; kept with the conflict.")
        String note;

        @Option(names = "--job", required = true, paramLabel = "FILE", description = "The conflicts' job file (its sites are written).")
        Path job;

        @Option(names = "--yes", description = "With --all: do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() {
            ConflictResolver.Keep side = ConflictResolver.Keep.of(keep);
            if (all == (id != null)) {
                throw new ConfigException("give one conflict ID, or --all --kind KIND for every open conflict of that kind");
            }
            if (all && kind == null) {
                throw new ConfigException("--all needs --kind: settle one kind of conflict at a time (see `recsync conflicts list`)");
            }
            Recsync root = parent.root;
            CliEnvironment env = root.environment();
            JobDefinition definition = JobReference.load(job, env).job();
            try (StateDatabase db = env.openState(state.dbUrl)) {
                ConflictStore store = new ConflictStore(db.jdbc());
                List<ConflictRecord> chosen = all
                        ? store.list(new ConflictStore.Query(definition.name(), "open", kind, tenant, null, Integer.MAX_VALUE))
                        : List.of(existing(store, id));
                for (ConflictRecord c : chosen) {
                    if (!c.job().equals(definition.name())) {
                        throw new ConfigException("conflict " + c.id() + " is job '" + c.job() + "'s, not '"
                                + definition.name() + "'s (" + job + "); give that job's file");
                    }
                }
                if (chosen.isEmpty()) {
                    root.out().println("No open " + kind.toUpperCase() + " conflicts in job '" + definition.name() + "'.");
                    return 0;
                }
                if (all && !yes && !confirmed(root, chosen.size(), side)) {
                    root.out().println("Nothing done.");
                    return ExitCode.USAGE.code();
                }
                Optional<RunLock> lock = RunLock.tryAcquire(db, env.home(), definition.name());
                if (lock.isEmpty()) {
                    root.err().println("recsync: a run of job '" + definition.name() + "' is in progress; resolve when it ends");
                    return ExitCode.LOCKED.code();
                }
                try (RunLock held = lock.get();
                        SyncSession session = new SyncSession(definition, SyncOptions.defaults(), db, env.catalog(),
                                ProgressListener.NONE, env.sleeper())) {
                    ConflictResolver resolver = new ConflictResolver(session);
                    String user = System.getProperty("user.name");
                    for (ConflictRecord c : chosen) {
                        List<String> done = resolver.resolve(c, side, note, user);
                        root.out().println("Conflict " + c.id() + " resolved (keep " + side.word() + "):");
                        done.forEach(line -> root.out().println("  " + line));
                    }
                }
                return 0;
            }
        }

        private static boolean confirmed(Recsync root, int n, ConflictResolver.Keep side) {
            root.out().print("Resolve " + n + " conflict(s), keeping " + side.word() + " on the sites? [y/N] ");
            root.out().flush();
            String answer;
            try {
                answer = new java.io.BufferedReader(new java.io.InputStreamReader(root.in(),
                        java.nio.charset.StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                answer = null;
            }
            // No answer (end of input, as under cron) is a no.
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        }
    }
}
