package io.recsync.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads a job's {@code sites:} mapping, loading each site's connector profile. */
final class SiteParser {

    /** No dots: a site name is one segment of dotted field paths such as {@code sites.hq.mode}. */
    static final Pattern SITE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    static final int DEFAULT_PRIORITY = 100;

    private final YamlLoader yaml;
    private final YamlDocument job;
    private final List<String> warnings;

    SiteParser(YamlLoader yaml, YamlDocument job, List<String> warnings) {
        this.yaml = yaml;
        this.job = job;
        this.warnings = warnings;
    }

    Map<String, SiteDefinition> parse(Settings root) {
        if (!root.has("sites")) {
            throw root.error("sites", "is required: name the storage places, e.g. sites: { hq: { connector:"
                    + " ../connectors/hq-local.yml }, dr: { ... } } (see jobs/README.md)");
        }
        Settings sites = root.child("sites");
        if (sites.keys().isEmpty()) {
            throw root.error("sites", "has no sites; a job needs at least two (a link copies from one to another)");
        }
        Map<String, SiteDefinition> out = new LinkedHashMap<>();
        for (String name : sites.keys()) {
            if (!SITE_NAME.matcher(name).matches()) {
                throw sites.error(name, "is not a usable site name; use up to 64 letters, digits, '_' and '-'");
            }
            out.put(name, site(name, sites.child(name)));
        }
        if (out.size() < 2) {
            throw root.error("sites", "has only one site ('" + out.keySet().iterator().next()
                    + "'); a link copies from one site to another, so name at least two");
        }
        sites.finish();
        return Collections.unmodifiableMap(out);
    }

    private SiteDefinition site(String name, Settings site) {
        KnownFields.check(site, "connector", "manifest", "mode", "priority", "retention", "purgeAfter");
        Settings connector = connector(site);
        ManifestSource manifest = manifest(site.child("manifest"));
        boolean readOnly = site.optionalChoice("mode", "rw", "rw", "ro").equals("ro");
        int priority = site.optionalInt("priority", DEFAULT_PRIORITY, 0, 10_000);
        Retention retention = Retention.parse(site);
        RetentionPeriod purgeAfter = site.optional("purgeAfter", null, RetentionPeriod::parse);
        site.finish();
        return new SiteDefinition(name, connector, manifest, readOnly, priority, retention, purgeAfter);
    }

    private Settings connector(Settings site) {
        Object raw = site.peek("connector");
        Settings profile;
        Path file;
        if (raw == null) {
            throw site.error("connector", "is required: a profile file such as ../connectors/hq-local.yml, or an"
                    + " inline mapping such as { type: local, root: /srv/recordings }");
        } else if (raw instanceof Map) {
            profile = site.child("connector");
            file = job.file();
        } else if (raw instanceof List) {
            throw site.error("connector", "is a list; give one profile file or one inline mapping");
        } else {
            file = site.requirePath("connector");
            profile = loadProfile(site, file);
        }
        if (!profile.has("type")) {
            throw profile.error("type", "is required: the connector kind, e.g. type: local (kinds: local, smb, sftp, s3)");
        }
        profile.requireString("type");
        ProfileSecrets.check(profile, file, warnings);
        return profile;
    }

    private Settings loadProfile(Settings site, Path file) {
        if (!Files.isRegularFile(file)) {
            throw site.error("connector", "names " + file + ", which " + (Files.isDirectory(file) ? "is a directory"
                    : "does not exist") + "; create the profile there or fix the path (relative paths resolve against "
                    + site.baseDir() + ")");
        }
        String written = site.optionalString("connector", "");
        Path jobDir = job.source() == null ? null : Path.of(job.source()).getParent();
        String shown = (jobDir == null ? Path.of(written) : jobDir.resolve(written)).normalize().toString();
        return yaml.load(file, Path.of(written).isAbsolute() ? file.toString() : shown).root();
    }

    private static ManifestSource manifest(Settings m) {
        KnownFields.check(m, "source", "template", "path");
        String source = m.optionalChoice("source", "scan", "scan", "file");
        ManifestSource result;
        if (source.equals("scan")) {
            if (m.has("path")) {
                throw m.error("path", "applies to source: file only; remove it, or set source: file");
            }
            result = ManifestSource.scan(m.optional("template", null, SitePaths::template));
        } else {
            if (m.has("template")) {
                throw m.error("template", "applies to source: scan only; remove it, or set source: scan");
            }
            if (!m.has("path")) {
                throw m.error("path", "is required with source: file: the manifest's path relative to the site root,"
                        + " e.g. manifests/hq.jsonl");
            }
            result = new ManifestSource(ManifestSource.Kind.FILE, null, m.optional("path", null, SitePaths::relative));
        }
        m.finish();
        return result;
    }
}
