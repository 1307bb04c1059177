package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.config.JobLoader;
import io.recsync.manifest.ManifestProblem;
import io.recsync.manifest.ManifestValidation;
import io.recsync.manifest.ValidationReport;
import io.recsync.store.StateDatabase;
import io.recsync.sync.ExitCode;
import io.recsync.sync.ManifestBuilder;
import io.recsync.sync.SyncOptions;
import io.recsync.sync.SyncSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "manifest", mixinStandardHelpOptions = true, description = "Check manifest files and build a site's manifest.",
        subcommands = {ManifestCommand.Validate.class, ManifestCommand.Build.class, ManifestCommand.Verify.class})
final class ManifestCommand implements Runnable {

    @ParentCommand
    Recsync root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.out());
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check a manifest file (.jsonl, .csv, optionally .gz) line by line.",
                "Every bad line is named with its field and what is expected. Exit 0 when valid, 2 when not."})
    static final class Validate implements Callable<Integer> {
        @ParentCommand
        ManifestCommand parent;

        @Parameters(paramLabel = "FILE", description = "The manifest file to check.")
        Path file;

        @Option(names = "--max-problems", paramLabel = "N", defaultValue = "100", description = "Print at most N problems (default 100).")
        int maxProblems;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(file.toAbsolutePath() + ": no such manifest file");
            }
            ValidationReport report;
            try {
                report = new ManifestValidation(maxProblems).validate(file);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file, e);
            }
            var out = parent.root.out();
            for (ManifestProblem p : report.problems()) {
                out.println(p);
            }
            if (report.omittedProblems() > 0) {
                out.println("... " + report.omittedProblems() + " more problem(s) not shown (--max-problems)");
            }
            out.println(report.summary() + (report.ok() ? ": valid" : ""));
            return report.ok() ? ExitCode.SUCCESS.code() : ExitCode.USAGE.code();
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Scan one site of a job in full and write its manifest.",
                "Only files not hashed before are hashed. The manifest goes to --out FILE, or else as a snapshot segment"
                + " on the site itself under .recsync/manifest/."})
    static final class Build implements Callable<Integer> {
        @ParentCommand
        ManifestCommand parent;

        @Option(names = "--job", required = true, paramLabel = "FILE", description = "Job file (YAML) that names the site.")
        Path job;

        @Option(names = "--site", required = true, paramLabel = "NAME", description = "The site to scan, as the job names it.")
        String site;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the manifest here (.jsonl, .csv, optionally .gz).")
        Path out;

        @Option(names = "--db-url", paramLabel = "URL", description = "State database (default: RECSYNC_DB_URL, else H2 under RECSYNC_HOME).")
        String dbUrl;

        @Override
        public Integer call() {
            Recsync root = parent.root;
            CliEnvironment env = root.environment();
            var loaded = JobReference.load(job, env);
            JobReference.warnFirst(loaded, root.err());
            loaded.job().site(site);
            try (StateDatabase db = env.openState(dbUrl);
                    SyncSession session = new SyncSession(loaded.job(), SyncOptions.defaults(), db, env.catalog(),
                            io.recsync.sync.ProgressListener.NONE, env.sleeper())) {
                ManifestBuilder.Result r = new ManifestBuilder(session).build(site, out);
                root.out().println("Site '" + site + "': " + r.recordings() + " recordings, " + r.problems()
                        + " problem(s); manifest written to " + r.writtenTo());
                session.warnings().forEach(w -> root.err().println("warning: " + w));
                return r.problems() == 0 ? ExitCode.SUCCESS.code() : ExitCode.USAGE.code();
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check every manifest segment at a site (.recsync/manifest/) against its detached signature"
                + " (<segment>.sig) with the public key alone (README \"Evidence\" > \"Signed manifests\").",
                "Exit 0 when every segment is signed and unaltered, 11 when a segment's bytes are not the ones signed,"
                + " 12 when a signature is bad or missing."})
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        ManifestCommand parent;

        @Option(names = "--job", required = true, paramLabel = "FILE", description = "Job file (YAML) that names the site.")
        Path job;

        @Option(names = "--site", required = true, paramLabel = "NAME", description = "The site whose segments to check.")
        String site;

        @Option(names = "--public-key", paramLabel = "FILE", description = "Ed25519 public key (PEM); default: the job's ledger.publicKeyFile.")
        Path publicKey;

        @Override
        public Integer call() {
            Recsync root = parent.root;
            CliEnvironment env = root.environment();
            var loaded = JobReference.load(job, env);
            JobReference.warnFirst(loaded, root.err());
            var def = loaded.job().site(site);
            java.security.PublicKey key = LedgerCommand.publicKey(publicKey, loaded.job());
            java.util.List<io.recsync.sync.ManifestSignatures.Check> checks;
            try (io.recsync.connector.Connector c = env.catalog().open(def.connector())) {
                checks = io.recsync.sync.ManifestSignatures.verify(c, key);
            }
            int ok = 0;
            ExitCode code = ExitCode.SUCCESS;
            for (var ch : checks) {
                root.out().println(ch.segment() + ": " + ch.verdict() + (ch.ledgerSeq() == null ? "" : " (ledger seq "
                        + ch.ledgerSeq() + ")") + (ch.detail() == null ? "" : ": " + ch.detail()));
                switch (ch.verdict()) {
                    case OK -> ok++;
                    case ALTERED -> code = ExitCode.EVIDENCE_BROKEN;
                    default -> code = code == ExitCode.EVIDENCE_BROKEN ? code : ExitCode.UNSIGNED;
                }
            }
            root.out().println("site '" + site + "': " + checks.size() + " segment(s), " + ok + " signed and verified"
                    + (code == ExitCode.SUCCESS ? "" : code == ExitCode.EVIDENCE_BROKEN ? "; ALTERED segment(s)"
                            : "; unsigned or bad signature(s)"));
            return code.code();
        }
    }
}
