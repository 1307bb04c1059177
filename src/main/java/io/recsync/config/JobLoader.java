package io.recsync.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads and validates a job file (the reference is jobs/README.md). Every problem is a
 * {@link ConfigException} naming the file, line and field and saying what to do, raised before
 * anything runs.
 */
public final class JobLoader {

    /**
     * A loaded job and what loading it noticed without refusing it (loose file permissions, a site
     * in no link).
     */
    public record LoadedJob(JobDefinition job, List<String> warnings) {}

    /** The first character excludes '.', so that a name can never be '..' in a lock file path. */
    static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private JobLoader() {}

    /** @param env the environment for {@code ${VAR}} substitution */
    public static JobDefinition load(Path jobFile, Map<String, String> env) {
        return loadWithWarnings(jobFile, env).job();
    }

    /**
     * Only the job's name (its {@code name:}, else the file's name), for commands that read the
     * state and need no site: nothing but the job file itself is read.
     */
    public static String nameOf(Path jobFile, Map<String, String> env) {
        YamlDocument doc = new YamlLoader(env).load(jobFile);
        return name(doc.root(), doc.file());
    }

    public static LoadedJob loadWithWarnings(Path jobFile, Map<String, String> env) {
        YamlLoader yaml = new YamlLoader(env);
        YamlDocument doc = yaml.load(jobFile);
        Settings root = doc.root();
        KnownFields.check(root, "name", "sites", "topology", "links", "conflicts", "transfer", "metrics", "service",
                "workers", "ledger", "legalHold", "purgeAlarm");
        List<String> warnings = new ArrayList<>();
        String name = name(root, doc.file());
        Map<String, SiteDefinition> sites = new SiteParser(yaml, doc, warnings).parse(root);
        List<LinkDefinition> links = LinkParser.parse(root, sites);
        String policy = conflictPolicy(root.child("conflicts"));
        TransferSettings transfer = transfer(root.child("transfer"));
        MetricsSettings metrics = metrics(root.child("metrics"));
        ServiceSettings service = ServiceSettings.parse(root.child("service"));
        WorkerSettings workers = WorkerSettings.parse(root.child("workers"));
        LedgerSettings ledger = LedgerSettings.parse(root.child("ledger"));
        RetentionSettings retention = RetentionSettings.parse(root);
        root.finish();
        warnUnlinked(root, sites, links, warnings);
        // Sites sharing one loose profile would otherwise repeat the same warning.
        List<String> distinct = List.copyOf(new java.util.LinkedHashSet<>(warnings));
        return new LoadedJob(new JobDefinition(name, doc.file(), sites, links, policy, transfer, metrics, service,
                workers, ledger, retention), distinct);
    }

    private static String name(Settings root, Path file) {
        if (root.has("name")) {
            String name = root.requireString("name").trim();
            if (!JOB_NAME.matcher(name).matches()) {
                throw root.error("name", "'" + name + "' is not a usable job name; use letters, digits, '.', '_' and"
                        + " '-' (up to 100, starting with a letter or digit): it names the lock and the history");
            }
            return name;
        }
        String fromFile = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (!JOB_NAME.matcher(fromFile).matches()) {
            throw root.error("name", "is absent and the file name '" + fromFile + "' is not a usable job name; add"
                    + " name: with letters, digits, '.', '_' and '-', or rename the file");
        }
        return fromFile;
    }

    private static String conflictPolicy(Settings conflicts) {
        KnownFields.check(conflicts, "policy");
        String policy = conflicts.optionalString("policy", "log").trim();
        ConflictPolicy known = ConflictPolicy.of(policy);
        if (known == null) {
            throw conflicts.error("policy", "is '" + policy + "'; the policies are: " + ConflictPolicy.choices());
        }
        conflicts.finish();
        return known.word();
    }

    private static TransferSettings transfer(Settings t) {
        TransferSettings d = TransferSettings.DEFAULTS;
        KnownFields.check(t, "chunkSize", "parallel", "attempts", "initialBackoff", "maxBackoff",
                "abortAfterConsecutiveFailures", "bandwidth", "maxDuration", "maxTransfer");
        int chunkSize = t.optionalInt("chunkSize", d.chunkSize(), 1, 10_000);
        int parallel = t.optionalInt("parallel", d.parallel(), 1, 64);
        int attempts = t.optionalInt("attempts", d.attempts(), 1, 100);
        Duration initial = backoff(t, "initialBackoff", d.initialBackoff());
        Duration max = backoff(t, "maxBackoff", d.maxBackoff());
        if (max.compareTo(initial) < 0) {
            throw t.error("maxBackoff", "(" + shown(max) + ") is shorter than initialBackoff (" + shown(initial) + "); make it at"
                    + " least as long");
        }
        int abortAfter = t.optionalInt("abortAfterConsecutiveFailures", d.abortAfterConsecutiveFailures(), 1, 1_000_000);
        BandwidthTimetable bandwidth = t.optional("bandwidth", null, BandwidthTimetable::parse);
        Duration maxDuration = t.optional("maxDuration", null, RunLimits::duration);
        Long maxTransfer = t.optional("maxTransfer", null, RunLimits::bytes);
        t.finish();
        return new TransferSettings(chunkSize, parallel, attempts, initial, max, abortAfter, bandwidth, maxDuration,
                maxTransfer);
    }

    private static MetricsSettings metrics(Settings m) {
        KnownFields.check(m, "pushgateway");
        String url = m.optionalString("pushgateway", null);
        MetricsSettings settings = MetricsSettings.NONE;
        if (url != null && !url.isBlank()) {
            try {
                settings = new MetricsSettings(MetricsSettings.pushgatewayUrl(url));
            } catch (IllegalArgumentException e) {
                throw m.error("pushgateway", e.getMessage());
            }
        }
        m.finish();
        return settings;
    }

    private static Duration backoff(Settings t, String key, Duration fallback) {
        Duration d = t.optionalDuration(key, fallback);
        if (d.isZero() || d.compareTo(MAX_BACKOFF) > 0) {
            // Zero would retry a failing link in a tight loop; over an hour belongs to the next scheduled run.
            throw t.error(key, "must be between 1ms and 1h, got " + shown(d));
        }
        return d;
    }

    private static String shown(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }

    private static void warnUnlinked(Settings root, Map<String, SiteDefinition> sites, List<LinkDefinition> links,
            List<String> warnings) {
        Set<String> used = new HashSet<>();
        links.forEach(l -> {
            used.add(l.from());
            used.add(l.to());
        });
        Settings sitesSettings = root.child("sites");
        for (String site : sites.keySet()) {
            if (!used.contains(site)) {
                warnings.add(sitesSettings.error(site, "is in no link, so this job neither reads nor writes it; add a"
                        + " link or remove the site").getMessage());
            }
        }
    }
}
