package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.config.JobLoader;
import io.recsync.store.ConflictStore;
import io.recsync.store.RunLedger;
import io.recsync.store.StateDatabase;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How every command reads its {@code --job}: the job file, always; and where no site is touched
 * (history, conflicts list and show, report) also the job's name, as long as the state database
 * knows it. An unknown job is a usage error (exit 2) that says what was looked for, never an empty
 * answer: monitoring that passes a wrong file or name must hear of it.
 */
final class JobReference {

    private JobReference() {}

    /**
     * A job file loaded with every check a run makes, its connector profiles included (the same
     * checks, so the same messages, as `sync` when it opens them), before anything connects.
     */
    static JobLoader.LoadedJob load(Path given, CliEnvironment env) {
        if (given != null && !Files.isRegularFile(given) && !looksLikeFile(given.toString())) {
            throw new ConfigException("--job " + given + ": " + (Files.isDirectory(given) ? "a directory, not a job file"
                    : "no such file") + "; this command needs the job file (e.g. --job"
                    + " jobs/nightly.yml); a job's name is accepted only by history, conflicts list/show and report");
        }
        JobLoader.LoadedJob loaded = JobLoader.loadWithWarnings(given, env.env());
        java.util.Set<String> warnings = new java.util.LinkedHashSet<>(loaded.warnings());
        warnings.addAll(env.catalog().validate(loaded.job()));
        return new JobLoader.LoadedJob(loaded.job(), java.util.List.copyOf(warnings));
    }

    /** The job's warnings, each once, before anything else the command prints. */
    static void warnFirst(JobLoader.LoadedJob loaded, java.io.PrintStream err) {
        loaded.warnings().forEach(w -> err.println("warning: " + w));
    }

    /** What a read-only command was given: the job's name, and its file when a file was given. */
    record Named(String name, Path file) {}

    /**
     * The job named by {@code given}: a job file (its {@code name:}), or a name that has runs or
     * conflicts in the state database.
     *
     * @throws ConfigException when it is neither
     */
    static Named resolve(String given, CliEnvironment env, StateDatabase db) {
        Path asFile = Path.of(given);
        if (Files.isRegularFile(asFile) || looksLikeFile(given)) {
            return new Named(JobLoader.nameOf(asFile, env.env()), asFile);
        }
        boolean known = !new RunLedger(db.jdbc()).list(given, 1).isEmpty()
                || !new ConflictStore(db.jdbc()).list(new ConflictStore.Query(given, null, null, null, null, 1)).isEmpty();
        if (!known && Files.isDirectory(asFile)) {
            // Not a job's name: the loader says the directory is not a job file. A directory that
            // happens to share a known job's name (./demo after `recsync demo`) is not taken for it.
            return new Named(JobLoader.nameOf(asFile, env.env()), asFile);
        }
        if (!known) {
            throw new ConfigException("--job " + given + ": unknown job: there is no job file '" + given + "' here, and"
                    + " the state database has no run of a job named '" + given + "'; give the job file (e.g. --job"
                    + " jobs/nightly.yml) or a name that `recsync history` lists");
        }
        return new Named(given, null);
    }

    /** A path rather than a name: job names have no '/' and no YAML suffix. */
    private static boolean looksLikeFile(String given) {
        return given.contains("/") || given.contains(java.io.File.separator) || given.endsWith(".yml")
                || given.endsWith(".yaml");
    }
}
