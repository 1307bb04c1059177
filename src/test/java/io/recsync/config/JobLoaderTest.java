package io.recsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLoaderTest {

    @TempDir
    Path dir;

    Path connectors;

    @BeforeEach
    void profiles() throws Exception {
        connectors = Files.createDirectories(dir.resolve("connectors"));
        Files.writeString(connectors.resolve("hq.yml"), "type: local\nroot: ./hq-data\n");
        Files.writeString(connectors.resolve("dr.yml"), "type: local\nroot: ${DATA:-/srv}/dr\n");
        Files.createDirectories(dir.resolve("jobs"));
    }

    private Path job(String yaml) throws Exception {
        Path p = dir.resolve("jobs/nightly.yml");
        Files.writeString(p, yaml);
        return p;
    }

    private JobDefinition load(String yaml) throws Exception {
        return JobLoader.load(job(yaml), Map.of());
    }

    private static final String SITES = """
            sites:
              hq:
                connector: ../connectors/hq.yml
              dr:
                connector: ../connectors/dr.yml
            """;

    @Test
    void loadsEveryField() throws Exception {
        JobDefinition job = load("""
                name: night-1
                sites:
                  hq:
                    connector: ../connectors/hq.yml
                    manifest:
                      source: scan
                      template: "{tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}"
                    mode: ro
                    priority: 1
                  dr:
                    connector: ../connectors/dr.yml
                    manifest: { source: file, path: manifests//dr.jsonl }
                    priority: 2
                links:
                  - from: hq
                    to: dr
                    filter:
                      tenants: [acme, globex]
                      groups: support
                      since: 2026-11-01
                      until: 2026-12-01T06:00:00+01:00
                      content: [audio]
                conflicts:
                  policy: log
                transfer:
                  chunkSize: 50
                  parallel: 8
                  attempts: 3
                  initialBackoff: 500ms
                  maxBackoff: 2m
                  abortAfterConsecutiveFailures: 10
                """);
        assertThat(job.name()).isEqualTo("night-1");
        assertThat(job.file()).isEqualTo(dir.resolve("jobs/nightly.yml").toAbsolutePath());
        assertThat(job.sites()).containsOnlyKeys("hq", "dr");
        SiteDefinition hq = job.site("hq");
        assertThat(hq.readOnly()).isTrue();
        assertThat(hq.priority()).isEqualTo(1);
        assertThat(hq.manifest()).isEqualTo(ManifestSource.scan("{tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}"));
        assertThat(hq.connector().requireString("type")).isEqualTo("local");
        assertThat(hq.connector().requirePath("root")).isEqualTo(connectors.resolve("hq-data").toAbsolutePath());
        assertThat(hq.connector().source()).isEqualTo(connectors.resolve("hq.yml").normalize().toString());
        SiteDefinition dr = job.site("dr");
        assertThat(dr.readOnly()).isFalse();
        assertThat(dr.manifest()).isEqualTo(new ManifestSource(ManifestSource.Kind.FILE, null, "manifests/dr.jsonl"));
        assertThat(dr.connector().requirePath("root")).isEqualTo(Path.of("/srv/dr"));
        assertThat(job.links()).hasSize(1);
        LinkDefinition link = job.links().get(0);
        assertThat(link.name()).isEqualTo("hq->dr");
        assertThat(link.filter()).isEqualTo(new LinkFilter(java.util.Set.of("acme", "globex"), java.util.Set.of("support"),
                Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T05:00:00Z"), true, false));
        assertThat(job.conflictPolicy()).isEqualTo("log");
        assertThat(job.transfer()).isEqualTo(new TransferSettings(50, 8, 3, Duration.ofMillis(500), Duration.ofMinutes(2), 10));
    }

    @Test
    void appliesDefaults() throws Exception {
        JobDefinition job = load(SITES + "links:\n  - from: hq\n    to: dr\n");
        assertThat(job.name()).isEqualTo("nightly");
        assertThat(job.site("hq").manifest()).isEqualTo(ManifestSource.scan(null));
        assertThat(job.site("hq").readOnly()).isFalse();
        assertThat(job.site("hq").priority()).isEqualTo(100);
        assertThat(job.links().get(0).filter()).isEqualTo(LinkFilter.ALL);
        assertThat(job.conflictPolicy()).isEqualTo("log");
        assertThat(job.transfer()).isEqualTo(TransferSettings.DEFAULTS);
    }

    /** The continuous service's block: where /health and /metrics listen, how often remote sites are listed. */
    @Test
    void serviceBlockIsCheckedLikeEveryOtherField() throws Exception {
        String links = "links:\n  - from: hq\n    to: dr\n";
        JobDefinition job = load(SITES + links + "service:\n  listen: \"127.0.0.1:9464\"\n  interval: 10s\n");
        assertThat(job.service().listen()).isEqualTo(new ServiceSettings.HostPort("127.0.0.1", 9464));
        assertThat(job.service().interval()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(load(SITES + links).service()).isEqualTo(ServiceSettings.NONE);
        assertThat(load(SITES + links + "service:\n  listen: \":9100\"\n").service().listen())
                .isEqualTo(new ServiceSettings.HostPort("127.0.0.1", 9100));
        assertRejected(SITES + links + "service:\n  listn: \"127.0.0.1:9464\"\n", 10, "service.listn",
                "is not a known field; did you mean 'listen'?");
        assertRejected(SITES + links + "service:\n  listen: 9464\n", 10, "service.listen", "is '9464', not HOST:PORT");
        assertRejected(SITES + links + "service:\n  listen: \"localhost:99999\"\n", 10, "service.listen",
                "is 'localhost:99999', whose port is not between 0 and 65535");
        assertRejected(SITES + links + "service:\n  interval: 100ms\n", 10, "service.interval", "must be between 1s and 1h");
    }

    /** The workers block (README "Scaling out"): off by default, its heartbeat limit derived from the chunk size. */
    @Test
    void workersBlockIsCheckedLikeEveryOtherField() throws Exception {
        String links = "links:\n  - from: hq\n    to: dr\n";
        WorkerSettings none = load(SITES + links).workers();
        assertThat(none.enabled()).isFalse();
        assertThat(none.heartbeatLimit(TransferSettings.DEFAULTS))
                .isEqualTo(Duration.ofSeconds(60 + 2L * TransferSettings.DEFAULTS.chunkSize()));
        WorkerSettings on = load(SITES + links + "workers:\n  enabled: true\n  partitionSize: 200\n  heartbeatLimit: 90s\n")
                .workers();
        assertThat(on).isEqualTo(new WorkerSettings(true, 200, Duration.ofSeconds(90)));
        assertThat(on.heartbeatLimit(TransferSettings.DEFAULTS)).isEqualTo(Duration.ofSeconds(90));
        assertRejected(SITES + links + "workers:\n  enabeld: true\n", 10, "workers.enabeld",
                "is not a known field; did you mean 'enabled'?");
        assertRejected(SITES + links + "workers:\n  partitionSize: 0\n", 10, "workers.partitionSize",
                "must be between 1 and 10000000, got 0");
        assertRejected(SITES + links + "workers:\n  heartbeatLimit: 100ms\n", 10, "workers.heartbeatLimit",
                "must be at least 1s");
    }

    @Test
    void inlineConnectorResolvesAgainstTheJobFile() throws Exception {
        JobDefinition job = load("""
                sites:
                  a:
                    connector: { type: local, root: ./site-a }
                  b:
                    connector:
                      type: local
                      root: ./site-b
                links: [ { from: a, to: b } ]
                """);
        Settings a = job.site("a").connector();
        assertThat(a.requirePath("root")).isEqualTo(dir.resolve("jobs/site-a").toAbsolutePath());
        assertThat(a.error("root", "x")).hasMessage(dir.resolve("jobs/nightly.yml") + ":3: field"
                + " 'sites.a.connector.root' x");
    }

    private void assertRejected(String yaml, int line, String field, String problem) throws Exception {
        Path file = job(yaml);
        assertThatThrownBy(() -> JobLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": field '" + field + "' " + problem);
    }

    @Test
    void unknownFieldsAtEveryLevelSuggestTheSpelling() throws Exception {
        assertRejected(SITES + "link:\n  - from: hq\n", 6, "link", "is not a known field; did you mean 'links'?");
        assertRejected("""
                sites:
                  hq:
                    connector: ../connectors/hq.yml
                    priorty: 1
                """, 4, "sites.hq.priorty", "is not a known field; did you mean 'priority'?");
        assertRejected(SITES + """
                links:
                  - from: hq
                    to: dr
                    filter:
                      tenant: [acme]
                """, 10, "links[0].filter.tenant", "is not a known field; did you mean 'tenants'?");
        assertRejected(SITES + "links: [{from: hq, to: dr}]\ntransfer:\n  retries: 3\n", 8, "transfer.retries",
                "is not a known field");
        assertRejected(SITES.replace("connector: ../connectors/hq.yml", "connector: ../connectors/hq.yml\n    manifest: {kind: scan}")
                + "links: [{from: hq, to: dr}]\n", 4, "sites.hq.manifest.kind", "is not a known field");
        assertRejected(SITES + "links: [{from: hq, to: dr}]\nconflicts: {policy: log, mode: x}\n", 7, "conflicts.mode",
                "is not a known field");
    }

    @Test
    void linksMustNameTwoDifferentWritableSitesOnce() throws Exception {
        assertRejected(SITES + "links:\n  - from: hq\n    to: archive\n", 8, "links[0].to",
                "names no site of this job: 'archive'; sites: hq, dr");
        assertRejected(SITES + "links:\n  - from: hq\n    to: hq\n", 8, "links[0].to",
                "is the same site as 'from' ('hq')");
        assertRejected(SITES.replace("connector: ../connectors/dr.yml", "connector: ../connectors/dr.yml\n    mode: ro")
                + "links:\n  - from: hq\n    to: dr\n", 9, "links[0].to", "names site 'dr', which is read-only (mode: ro)");
        assertRejected(SITES + """
                links:
                  - from: hq
                    to: dr
                  - from: dr
                    to: hq
                  - from: hq
                    to: dr
                    filter: { tenants: [acme] }
                """, 11, "links[2]", "repeats links[0] (hq -> dr)");
    }

    @Test
    void sitesAndLinksAreRequired() throws Exception {
        Path file = job("name: x\nlinks: []\n");
        assertThatThrownBy(() -> JobLoader.load(file, Map.of())).hasMessageStartingWith(file + ": field 'sites' is required");
        assertRejected("sites: {}\n", 1, "sites", "has no sites");
        assertRejected("sites:\n  hq:\n    connector: ../connectors/hq.yml\nlinks: []\n", 1, "sites", "has only one site ('hq')");
        Path noLinks = job(SITES);
        assertThatThrownBy(() -> JobLoader.load(noLinks, Map.of()))
                .hasMessageStartingWith(noLinks + ": field 'links' is required");
        assertRejected(SITES + "links: []\n", 6, "links", "is empty");
        assertRejected(SITES + "links:\n  from: hq\n", 6, "links", "expected a list");
    }

    @Test
    void filterDatesAreCheckedWithTheirLine() throws Exception {
        String link = SITES + "links:\n  - from: hq\n    to: dr\n    filter:\n";
        assertRejected(link + "      since: 2026-13-01\n", 10, "links[0].filter.since",
                "expected a date such as 2026-11-01 (midnight UTC), an instant such as 2026-11-01T08:30:00Z, or a span back"
                        + " from the start of the run such as 12h, 30d or 2w (hours, days, weeks), got '2026-13-01'");
        assertRejected(link + "      since: 2026-11-01T08:00\n", 10, "links[0].filter.since",
                "'2026-11-01T08:00' has no time zone; add Z for UTC or an offset");
        assertRejected(link + "      since: 2026-12-01\n      until: 2026-12-01\n", 11, "links[0].filter.until",
                "(2026-12-01T00:00:00Z) must be later than since (2026-12-01T00:00:00Z)");
        assertRejected(link + "      content: [audio, video]\n", 10, "links[0].filter.content",
                "lists 'video'; allowed: audio, metadata");
        assertRejected(link + "      content: []\n", 10, "links[0].filter.content", "is empty");
        assertRejected(link + "      tenants: acme, globex\n", 10, "links[0].filter.tenants",
                "has 'acme, globex', which contains a comma; write a list: [a, b]");
        assertRejected(link + "      groups: [sales/emea]\n", 10, "links[0].filter.groups", "has 'sales/emea'");
    }

    @Test
    void siteFieldsAreChecked() throws Exception {
        String links = "links: [{from: hq, to: dr}]\n";
        assertRejected(SITES.replace("    connector: ../connectors/hq.yml", "    connector: ../connectors/hq.yml\n    mode: readonly")
                + links, 4, "sites.hq.mode", "must be one of rw, ro, got 'readonly'");
        assertRejected(SITES.replace("    connector: ../connectors/hq.yml", "    connector: ../connectors/hq.yml\n    priority: -1")
                + links, 4, "sites.hq.priority", "must be between 0 and 10000, got -1");
        assertRejected(SITES.replace("  hq:", "  hq.main:") + links, 2, "sites.hq.main", "is not a usable site name");
        assertRejected(SITES.replace("    connector: ../connectors/hq.yml\n", "    mode: ro\n") + links, 2,
                "sites.hq.connector", "is required");
        assertRejected(SITES.replace("connector: ../connectors/hq.yml", "connector: [a, b]") + links, 3,
                "sites.hq.connector", "is a list");
    }

    @Test
    void manifestSourcesAreChecked() throws Exception {
        String links = "links: [{from: hq, to: dr}]\n";
        String hq = "    connector: ../connectors/hq.yml\n";
        assertRejected(SITES.replace(hq, hq + "    manifest:\n      template: \"{tenant}/{group}/{yyyy}.wav\"\n") + links,
                5, "sites.hq.manifest.template", "must contain {id}, the recording's UUID");
        assertRejected(SITES.replace(hq, hq + "    manifest:\n      template: \"{tenant}/{day}/{id}.{ext}\"\n") + links,
                5, "sites.hq.manifest.template", "has an unknown placeholder {day}; known: {tenant}, {group}, {id}");
        assertRejected(SITES.replace(hq, hq + "    manifest:\n      template: \"/{id}.{ext}\"\n") + links,
                5, "sites.hq.manifest.template", "must be a path below the site root");
        assertRejected(SITES.replace(hq, hq + "    manifest:\n      source: scan\n      path: m.jsonl\n") + links,
                6, "sites.hq.manifest.path", "applies to source: file only");
        assertRejected(SITES.replace(hq, hq + "    manifest:\n      source: file\n") + links,
                4, "sites.hq.manifest.path", "is required with source: file");
        assertRejected(SITES.replace(hq, hq + "    manifest:\n      source: file\n      path: ../m.jsonl\n") + links,
                6, "sites.hq.manifest.path", "must stay below the site root");
        assertRejected(SITES.replace(hq, hq + "    manifest:\n      source: jdbc\n") + links,
                5, "sites.hq.manifest.source", "must be one of scan, file, got 'jdbc'");
    }

    @Test
    void everyConflictPolicyLoadsAndAnUnknownOneIsRefusedWithTheChoices() throws Exception {
        for (String policy : List.of("log", "priority", "newest", "keep-both")) {
            assertThat(load(SITES + "links: [{from: hq, to: dr}]\nconflicts:\n  policy: " + policy + "\n").conflictPolicy())
                    .isEqualTo(policy);
        }
        assertRejected(SITES + "links: [{from: hq, to: dr}]\nconflicts:\n  policy: latest\n", 8, "conflicts.policy",
                "is 'latest'; the policies are: log (");
    }

    @Test
    void transferLimitsAreChecked() throws Exception {
        String base = SITES + "links: [{from: hq, to: dr}]\ntransfer:\n";
        assertRejected(base + "  chunkSize: 0\n", 8, "transfer.chunkSize", "must be between 1 and 10000, got 0");
        assertRejected(base + "  parallel: 65\n", 8, "transfer.parallel", "must be between 1 and 64, got 65");
        assertRejected(base + "  attempts: many\n", 8, "transfer.attempts", "expected a whole number, got 'many'");
        assertRejected(base + "  initialBackoff: 1 minute\n", 8, "transfer.initialBackoff", "expected a duration");
        assertRejected(base + "  initialBackoff: 0s\n", 8, "transfer.initialBackoff", "must be between 1ms and 1h, got 0s");
        assertRejected(base + "  initialBackoff: 1m\n  maxBackoff: 30s\n", 9, "transfer.maxBackoff",
                "(30s) is shorter than initialBackoff (1m)");
    }

    @Test
    void jobNameIsCheckedAndDefaultsToTheFileName() throws Exception {
        assertRejected("name: ../evil\n" + SITES, 1, "name", "'../evil' is not a usable job name");
        Path spaced = dir.resolve("jobs/my job.yml");
        Files.writeString(spaced, SITES + "links: [{from: hq, to: dr}]\n");
        assertThatThrownBy(() -> JobLoader.load(spaced, Map.of()))
                .hasMessageStartingWith(spaced + ": field 'name' is absent and the file name 'my job'");
    }

    @Test
    void missingProfileIsReportedAtTheJobField() throws Exception {
        Path file = job(SITES.replace("../connectors/dr.yml", "../connectors/typo.yml") + "links: [{from: hq, to: dr}]\n");
        Path expected = connectors.resolve("typo.yml").toAbsolutePath();
        assertThatThrownBy(() -> JobLoader.load(file, Map.of()))
                .hasMessageStartingWith(file + ":5: field 'sites.dr.connector' names " + expected + ", which does not exist");
    }

    @Test
    void profileErrorsNameTheProfileFile() throws Exception {
        Path file = job(SITES + "links: [{from: hq, to: dr}]\n");
        Path profile = connectors.resolve("dr.yml");
        String shown = file.getParent().resolve("../connectors/dr.yml").normalize().toString();
        Files.writeString(profile, "# DR\nroot: /srv/dr\n");
        assertThatThrownBy(() -> JobLoader.load(file, Map.of()))
                .hasMessageStartingWith(shown + ": field 'type' is required: the connector kind");
        Files.writeString(profile, "type: local\nroot: [unclosed\n");
        assertThatThrownBy(() -> JobLoader.load(file, Map.of())).hasMessageStartingWith(shown + ":3:1: not valid YAML");
        Files.writeString(profile, "type: smb\nroot: ${NAS_ROOT}\n");
        assertThatThrownBy(() -> JobLoader.load(file, Map.of()))
                .hasMessageStartingWith(shown + ":2: field 'root' uses ${NAS_ROOT}, which is not set");
        Files.writeString(profile, "type: smb\nauth:\n  user: rec\n  password: hunter2\n");
        assertThatThrownBy(() -> JobLoader.load(file, Map.of()))
                .hasMessageStartingWith(shown + ":4: field 'auth.password' is a secret written into the file")
                .hasMessageContaining("${ENV_VAR}").hasMessageContaining("passwordFile").hasMessageNotContaining("hunter2");
    }

    @Test
    void literalSecretInAnInlineConnectorIsRefused() throws Exception {
        assertRejected("""
                sites:
                  a:
                    connector: { type: s3, bucket: b, secretAccessKey: AKIAxxxxsecret }
                  b:
                    connector: ../connectors/dr.yml
                links: [{from: a, to: b}]
                """, 3, "sites.a.connector.secretAccessKey", "is a secret written into the file");
    }

    @Test
    void environmentReachesJobAndProfile() throws Exception {
        Path file = job("name: ${JOB:-fallback}\n" + SITES + "links: [{from: hq, to: dr}]\n");
        JobDefinition job = JobLoader.load(file, Map.of("DATA", "/mnt/x"));
        assertThat(job.name()).isEqualTo("fallback");
        assertThat(job.site("dr").connector().requirePath("root")).isEqualTo(Path.of("/mnt/x/dr"));
        Path missing = job("name: ${JOB}\n" + SITES);
        assertThatThrownBy(() -> JobLoader.load(missing, Map.of()))
                .hasMessageStartingWith(missing + ":1: field 'name' uses ${JOB}, which is not set");
    }

    /** The ledger's signing key is a secret reference like any other (README "Evidence"). */
    @Test
    void theLedgerKeyIsGivenByReferenceOnly() throws Exception {
        assertThat(load(SITES + "links:\n  - from: hq\n    to: dr\n").ledger().signs()).isFalse();
        Path key = dir.resolve("jobs/signing.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n");
        JobDefinition job = load(SITES + "links:\n  - from: hq\n    to: dr\nledger:\n  signingKeyFile: signing.pem\n"
                + "  publicKeyFile: public.pem\n");
        assertThat(job.ledger().signs()).isTrue();
        assertThat(job.ledger().publicKey()).isEqualTo(dir.resolve("jobs/public.pem"));
        assertThat(job.ledger().toString()).doesNotContain("PRIVATE KEY");
        assertThatThrownBy(() -> load(SITES + "links:\n  - from: hq\n    to: dr\nledger:\n  signingKey: literal\n"))
                .hasMessageContaining("ledger").hasMessageContaining("signingKey").hasMessageContaining("signingKeyFile");
        Files.writeString(key, "not a key\n");
        assertThatThrownBy(() -> load(SITES + "links:\n  - from: hq\n    to: dr\nledger:\n  signingKeyFile: signing.pem\n"))
                .hasMessageContaining("signingKeyFile").hasMessageContaining("recsync ledger keygen");
        assertThatThrownBy(() -> load(SITES + "links:\n  - from: hq\n    to: dr\nledger:\n  signingkey: x\n"))
                .hasMessageContaining("signingkey");
    }
}
