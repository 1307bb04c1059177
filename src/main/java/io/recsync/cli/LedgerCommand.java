package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.store.LedgerKeys;
import io.recsync.store.StateDatabase;
import io.recsync.sync.ExitCode;
import io.recsync.sync.LedgerVerifier;
import io.recsync.sync.SyncOptions;
import io.recsync.sync.SyncSession;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "The evidence ledger: a signed hash chain of every run and verified placement (README \"Evidence\").",
        subcommands = {LedgerCommand.Keygen.class, LedgerCommand.Verify.class})
final class LedgerCommand implements Runnable {

    @ParentCommand
    Recsync root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.out());
    }

    /** The public key given, else the job's ledger.publicKeyFile; null when neither. */
    static PublicKey publicKey(Path given, io.recsync.config.JobDefinition job) {
        Path file = given != null ? given : job.ledger().publicKey();
        if (file == null) {
            return null;
        }
        try {
            return LedgerKeys.readPublicKey(file);
        } catch (IllegalArgumentException e) {
            throw new ConfigException((given != null ? "--public-key " : job.file() + ": ledger.publicKeyFile ")
                    + e.getMessage());
        }
    }

    static String keyName(Path given, io.recsync.config.JobDefinition job) {
        Path file = given != null ? given : job.ledger().publicKey();
        return file == null ? "no public key" : "the public key " + file;
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = {"Create an Ed25519 key pair for signing the ledger and manifests.",
                "Writes DIR/ledger-signing.pem (PKCS#8, mode 0600: name it in the job as ledger.signingKeyFile) and"
                + " DIR/ledger-public.pem (X.509: give it to auditors, and as ledger.publicKeyFile). Never overwrites."})
    static final class Keygen implements Callable<Integer> {
        @ParentCommand
        LedgerCommand parent;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the two key files.")
        Path out;

        @Override
        public Integer call() {
            try {
                Path[] written = LedgerKeys.writePair(out);
                parent.root.out().println("private key (keep it secret, mode 0600): " + written[0]);
                parent.root.out().println("public key (for auditors and ledger.publicKeyFile): " + written[1]);
                return ExitCode.SUCCESS.code();
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new ConfigException(e.getFile());
            } catch (IOException e) {
                throw new ConfigException("--out " + out + ": cannot write the keys (" + e.getMessage() + ")");
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Recompute the job's ledger from the state database and from each site's copy"
                + " (.recsync/ledger/<job>/), compare them, and check the signed heads with the public key alone.",
                "Names the first entry (seq, recording) that differs, is missing or was inserted.",
                "Exit 0 when all holds and is signed, 11 when a chain is broken, 12 when a signature is bad or missing."})
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        LedgerCommand parent;

        @Option(names = "--job", required = true, paramLabel = "FILE", description = "Job file (YAML).")
        Path job;

        @Option(names = "--site", paramLabel = "NAME", description = "Check only this site's copy (default: every site holding one).")
        String site;

        @Option(names = "--public-key", paramLabel = "FILE", description = "Ed25519 public key (PEM); default: the job's ledger.publicKeyFile.")
        Path publicKey;

        @Option(names = "--db-url", paramLabel = "URL", description = "State database (default: RECSYNC_DB_URL, else H2 under RECSYNC_HOME).")
        String dbUrl;

        @Override
        public Integer call() {
            Recsync root = parent.root;
            CliEnvironment env = root.environment();
            var loaded = JobReference.load(job, env);
            JobReference.warnFirst(loaded, root.err());
            if (site != null) {
                loaded.job().site(site);
            }
            PublicKey key = publicKey(publicKey, loaded.job());
            try (StateDatabase db = env.openState(dbUrl);
                    SyncSession session = new SyncSession(loaded.job(), SyncOptions.defaults(), db, env.catalog(),
                            io.recsync.sync.ProgressListener.NONE, env.sleeper())) {
                LedgerVerifier.Result r = LedgerVerifier.verify(session, site, key, keyName(publicKey, loaded.job()));
                root.out().println("database: " + r.databaseEntries() + " entries");
                r.checked().forEach(root.out()::println);
                r.findings().forEach(f -> root.out().println("FOUND " + f));
                ExitCode code = r.exitCode();
                root.out().println(switch (code) {
                    case SUCCESS -> "ok: the chain holds and " + r.signedHeads() + " signed head(s) verify";
                    case EVIDENCE_BROKEN -> "BROKEN: the ledger does not hold (see FOUND above)";
                    case UNSIGNED -> r.findings().stream().anyMatch(f -> f.message().contains("bad signature"))
                            ? "BAD SIGNATURE: the chain holds, but a signature does not verify"
                            : "unsigned: the chain holds, but " + r.unsignedHeads() + " head(s) are unsigned or"
                                    + " unchecked";
                    default -> "incomplete: a site could not be checked";
                });
                return code.code();
            }
        }
    }
}
