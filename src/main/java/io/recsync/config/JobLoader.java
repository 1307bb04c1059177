package io.recsync.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads and validates a job file (see the README's "Job files" reference). Every error names the
 * file, line and field; nothing is started from a job that does not load.
 */
public final class JobLoader {

    /** A loaded job and the non-fatal warnings loading it produced (e.g. readable secret files). */
    public record LoadedJob(JobDefinition job, List<String> warnings) {}

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Set<String> SECRET_FIELDS = Set.of("password", "passphrase", "secretAccessKey", "secretKey");

    private JobLoader() {}

    public static JobDefinition load(Path jobFile, Map<String, String> env) {
        return loadWithWarnings(jobFile, env).job();
    }

    public static LoadedJob loadWithWarnings(Path jobFile, Map<String, String> env) {
        YamlLoader yaml = new YamlLoader(env);
        Settings root = yaml.load(jobFile, "job file");
        List<String> warnings = new ArrayList<>();
        String fileName = jobFile.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String name = root.optionalString("name", fileName);
        if (!NAME.matcher(name).matches()) {
            throw root.error("name", "must be letters, digits, '.', '_' or '-' (it names the lock and the history), got '"
                    + name + "'");
        }
        Map<String, SiteDefinition> sites = new LinkedHashMap<>();
        Map<String, Settings> siteSettings = root.namedChildren("sites");
        if (siteSettings.isEmpty()) {
            throw root.error("sites", "is required: name at least two sites, each with a connector");
        }
        for (Map.Entry<String, Settings> e : siteSettings.entrySet()) {
            if (!NAME.matcher(e.getKey()).matches()) {
                throw root.error("sites." + e.getKey(), "site names must be letters, digits, '.', '_' or '-'");
            }
            sites.put(e.getKey(), site(e.getKey(), e.getValue(), yaml, warnings));
        }
        List<LinkDefinition> links = links(root, sites);
        Settings conflicts = root.child("conflicts");
        String policy = conflicts.optionalChoice("policy", "log", "log");
        conflicts.finish();
        TransferSettings transfer = transfer(root.child("transfer"));
        root.finish();
        return new LoadedJob(new JobDefinition(name, jobFile.toAbsolutePath().normalize(), sites, links, policy, transfer),
                warnings);
    }

    private static SiteDefinition site(String name, Settings s, YamlLoader yaml, List<String> warnings) {
        Settings connector;
        if (!s.has("connector")) {
            throw s.error("connector", "is required: a connector profile file (e.g. ../connectors/hq-local.yml) or an "
                    + "inline mapping with a 'type'");
        }
        if (s.keys().contains("connector") && isMapping(s, "connector")) {
            connector = s.child("connector");
        } else {
            Path profile = s.requirePath("connector");
            connector = yaml.load(profile, "connector profile");
            warnIfReadable(profile, connector, warnings);
        }
        if (!connector.has("type")) {
            throw connector.error("type", "is required (local, smb, sftp, s3, vfs)");
        }
        Settings m = s.child("manifest");
        String source = m.optionalChoice("source", "scan", "scan", "file");
        String template = m.optionalString("template", null);
        String path = m.optionalString("path", null);
        if (template != null && !template.contains("{id}")) {
            throw m.error("template", "must contain {id}, e.g. {tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}");
        }
        if (source.equals("file") && path == null) {
            throw m.error("path", "is required when source is file: the manifest's path relative to the site root");
        }
        if (source.equals("scan") && path != null) {
            throw m.error("path", "is only for source: file");
        }
        m.finish();
        String mode = s.optionalChoice("mode", "rw", "rw", "ro");
        int priority = s.optionalInt("priority", 100, 0, 1_000_000);
        s.finish();
        ManifestSource ms = new ManifestSource(source.equals("file") ? ManifestSource.Kind.FILE : ManifestSource.Kind.SCAN,
                template, path);
        return new SiteDefinition(name, connector, ms, mode.equals("ro"), priority);
    }

    private static List<LinkDefinition> links(Settings root, Map<String, SiteDefinition> sites) {
        List<Settings> raw = root.childList("links");
        if (raw.isEmpty()) {
            throw root.error("links", "is required: at least one link '- from: A\\n    to: B'");
        }
        List<LinkDefinition> links = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Settings l : raw) {
            String from = l.requireString("from");
            String to = l.requireString("to");
            if (!sites.containsKey(from)) {
                throw l.error("from", "names no site: '" + from + "'; sites are " + String.join(", ", sites.keySet()));
            }
            if (!sites.containsKey(to)) {
                throw l.error("to", "names no site: '" + to + "'; sites are " + String.join(", ", sites.keySet()));
            }
            if (from.equals(to)) {
                throw l.error("to", "is the same site as 'from'");
            }
            if (sites.get(to).readOnly()) {
                throw l.error("to", "site '" + to + "' is read-only (mode: ro) and is never written");
            }
            if (!seen.add(from + "->" + to)) {
                throw l.error("to", "the link " + from + " -> " + to + " is listed twice");
            }
            links.add(new LinkDefinition(from, to, filter(l.child("filter"))));
            l.finish();
        }
        return links;
    }

    private static LinkFilter filter(Settings f) {
        Set<String> tenants = FilterParser.names("tenants", f.optionalStringList("tenants"));
        Set<String> groups = FilterParser.names("groups", f.optionalStringList("groups"));
        Instant since = f.optional("since", null, v -> FilterParser.instant("since", v));
        Instant until = f.optional("until", null, v -> FilterParser.instant("until", v));
        if (since != null && until != null && !since.isBefore(until)) {
            throw f.error("until", "must be after 'since'");
        }
        List<String> content = f.optionalStringList("content");
        for (String c : content) {
            if (!c.equals("audio") && !c.equals("metadata")) {
                throw f.error("content", "lists audio and/or metadata, got '" + c + "'");
            }
        }
        boolean audio = content.isEmpty() || content.contains("audio");
        boolean metadata = content.isEmpty() || content.contains("metadata");
        f.finish();
        return new LinkFilter(tenants, groups, since, until, audio, metadata);
    }

    private static TransferSettings transfer(Settings t) {
        TransferSettings d = TransferSettings.DEFAULTS;
        TransferSettings s = new TransferSettings(
                t.optionalInt("chunkSize", d.chunkSize(), 1, 10_000),
                t.optionalInt("parallel", d.parallel(), 1, 64),
                t.optionalInt("attempts", d.attempts(), 1, 100),
                t.optionalDuration("initialBackoff", d.initialBackoff()),
                t.optionalDuration("maxBackoff", d.maxBackoff()),
                t.optionalInt("abortAfterConsecutiveFailures", d.abortAfterConsecutiveFailures(), 1, 1_000_000));
        if (s.maxBackoff().compareTo(s.initialBackoff()) < 0) {
            throw t.error("maxBackoff", "must not be shorter than initialBackoff");
        }
        t.finish();
        return s;
    }

    private static boolean isMapping(Settings s, String key) {
        try {
            s.child(key);
            return true;
        } catch (ConfigException notAMapping) {
            return false;
        }
    }

    /** A profile that holds (or points at) secrets should not be readable by everyone. */
    private static void warnIfReadable(Path profile, Settings connector, List<String> warnings) {
        boolean secretBearing = connector.keys().stream().anyMatch(k -> SECRET_FIELDS.contains(k)
                || SECRET_FIELDS.contains(k.replaceFirst("File$", "")));
        if (!secretBearing) {
            return;
        }
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(profile);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                warnings.add(profile + " names secrets and is readable by group or others; chmod 600 it");
            }
        } catch (UnsupportedOperationException | java.io.IOException ignored) {
            // not a POSIX filesystem: nothing to check
        }
    }
}
