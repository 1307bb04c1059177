package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.connector.local.LocalConnectorFactory;
import io.recsync.demo.ArchiveGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run stops mid-way (the target's link goes down), the operator edits the job, and the next
 * `sync` must do what the job now says, not finish the plan made for the old one: a plan is
 * resumed only while the job is exactly what it was. The dry run before it shows exactly what
 * that run then copies, and no recording the edited job excludes reaches the target.
 */
class PlanResumeIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern WOULD_COPY = Pattern.compile("would copy \\S+ {2}(\\S+) {2}\\(");
    static final String NOT_RESUMED = "is not resumed: the job changed since";

    @TempDir
    Path tmp;

    CliRun cli;
    DemoSites demo;
    FaultyConnectorFactory.Fault fault;
    String faultName;

    /** What a file may be, by its path and its recording's sidecar (at the source). */
    interface Allowed extends BiPredicate<String, JsonNode> {}

    static Stream<Arguments> edits() {
        Allowed all = (p, n) -> true;
        Allowed acme = (p, n) -> tenant(n).equals("acme");
        Allowed acmeGlobex = (p, n) -> Set.of("acme", "globex").contains(tenant(n));
        Allowed support = (p, n) -> n.get("group").asText().equals("support");
        Allowed supportSales = (p, n) -> Set.of("support", "sales").contains(n.get("group").asText());
        Allowed noGlobex = (p, n) -> !tenant(n).equals("globex");
        Allowed lateOnly = (p, n) -> !DemoSites.recordedAt(n).isBefore(Instant.parse("2026-11-11T00:00:00Z"));
        Allowed audioOnly = (p, n) -> p.endsWith(".wav");
        // Each field's narrowing and widening is proven on the plan's definition in PlanResumeTest;
        // these go the whole way, to the bytes on the target.
        return Stream.of(
                Arguments.of("narrow tenants", "", ", filter: { tenants: [acme] }", acme),
                Arguments.of("widen tenants", ", filter: { tenants: [acme] }", ", filter: { tenants: [acme, globex] }",
                        acmeGlobex),
                Arguments.of("widen groups", ", filter: { groups: [support] }", ", filter: { groups: [support, sales] }",
                        supportSales),
                Arguments.of("narrow the window", "", ", filter: { since: 2026-11-11 }", lateOnly),
                Arguments.of("metadata too", ", filter: { content: [audio] }", "", all));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void anEditedLinkFilterIsNeverResumedAndTheDryRunShowsWhatTheRunCopies(String what, String before, String after,
            Allowed allowed) throws Exception {
        setUp("edit-" + what.replace(' ', '-'), 40);
        writeJob("site-a", "ro", "  - { from: site-a, to: site-b" + before + " }\n");
        CliRun.Result cut = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(cut.exit()).as(cut.toString()).isEqualTo(1);
        Map<String, String> atB = live(demo.siteB);

        writeJob("site-a", "ro", "  - { from: site-a, to: site-b" + after + " }\n");
        fault.restore();
        CliRun.Result dry = cli.run("sync", "--job", demo.job.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        CliRun.Result run = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(run.exit()).as(run.toString()).isZero();

        // The bytes first: nothing the edited job excludes reached the target, all it includes did.
        Map<String, String> added = new TreeMap<>(live(demo.siteB));
        added.keySet().removeAll(atB.keySet());
        Map<String, JsonNode> sidecars = sourceSidecars();
        for (String path : added.keySet()) {
            assertThat(allowed.test(path, sidecars.get(stem(path))))
                    .as(path + " was copied after the job (" + what + ") excluded it\n" + run.out()).isTrue();
        }
        for (Map.Entry<String, String> f : live(demo.siteA).entrySet()) {
            if (allowed.test(f.getKey(), sidecars.get(stem(f.getKey())))) {
                assertThat(live(demo.siteB)).as("everything the edited job includes is copied\n" + run.out())
                        .containsEntry(f.getKey(), f.getValue());
            }
        }
        assertThat(copiedBy(run)).as("the dry run listed exactly what the run copied\n" + dry.out())
                .isEqualTo(wouldCopy(dry.out()));
        assertThat(dry.out()).contains(NOT_RESUMED).contains("would be dropped");
        assertThat(run.out()).as("one line says why the plan was not resumed").contains(NOT_RESUMED)
                .contains("were dropped and run ").doesNotContain("Resumed plan");
        JsonNode j = JSON.readTree(run.lastLine());
        assertThat(j.get("plan").get("resumed").asBoolean()).isFalse();
        assertThat(j.get("planNote").asText()).contains(NOT_RESUMED);
        // The stopped run's report keeps what it left, each row saying it was dropped and why.
        JsonNode left = JSON.readTree(cli.run("report", "--run", JSON.readTree(cut.lastLine()).get("runId").asText(),
                "--format", "json").out());
        long dropped = 0;
        for (JsonNode row : left) {
            if (row.get("status").asText().equals("LEFT")) {
                assertThat(row.get("message").asText()).contains("dropped, not copied: plan").contains("was not resumed: the job changed since");
                dropped++;
            }
        }
        assertThat(dropped).isEqualTo(JSON.readTree(cut.lastLine()).get("left").asLong()).isPositive();
    }

    @Test
    void anUnchangedJobResumesAndTheDryRunListsWhatThePlanStillOwes() throws Exception {
        setUp("unchanged", 40);
        writeJob("site-a", "ro", "  - { from: site-a, to: site-b, filter: { tenants: [acme, globex] } }\n");
        CliRun.Result cut = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(cut.exit()).as(cut.toString()).isEqualTo(1);
        JsonNode first = JSON.readTree(cut.lastLine());
        Map<String, String> atB = live(demo.siteB);
        fault.restore();

        CliRun.Result dry = cli.run("sync", "--job", demo.job.toString(), "--dry-run");
        assertThat(dry.out()).contains("would resume plan " + first.get("planId").asLong() + " (made by run "
                + first.get("runId").asLong() + "): " + first.get("left").asLong() + " of its "
                + first.get("planned").asLong() + " item(s) left");
        CliRun.Result run = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(run.exit()).as(run.toString()).isZero();
        JsonNode second = JSON.readTree(run.lastLine());
        assertThat(run.out()).contains("Resumed plan " + first.get("planId").asLong() + " (made by run "
                + first.get("runId").asLong() + ") in run " + second.get("runId").asLong() + ": "
                + first.get("left").asLong() + " of its " + first.get("planned").asLong() + " item(s) were left.");
        assertThat(copiedBy(run)).isEqualTo(wouldCopy(dry.out()));
        assertThat(live(demo.siteB)).containsAllEntriesOf(atB);

        // The resumed run's numbers are its own; the plan's are named as the plan's.
        assertThat(second.get("planned").asLong()).as("this run's share: what was left").isEqualTo(first.get("left").asLong());
        assertThat(second.get("plan").get("items").asLong()).isEqualTo(first.get("planned").asLong());
        assertThat(second.get("plan").get("madeByRun").asLong()).isEqualTo(first.get("runId").asLong());
        assertThat(second.get("plan").get("resumed").asBoolean()).isTrue();
        assertThat(second.get("copied").asLong() + second.get("skipped").asLong()).isEqualTo(second.get("planned").asLong());
        assertThat(first.get("copied").asLong() + first.get("left").asLong() + first.get("skipped").asLong())
                .as("the stopped run's counts add up to its share").isEqualTo(first.get("planned").asLong());
        assertThat(run.out()).contains(second.get("planned").asLong() + " planned (left of plan "
                + first.get("planId").asLong() + "'s " + first.get("planned").asLong() + ", made by run "
                + first.get("runId").asLong() + ")");
    }

    @Test
    void aRemovedLinkIsNotCopiedByTheNextRun() throws Exception {
        setUp("link-removed", 20);
        Files.createDirectories(demo.dir.resolve("site-c"));
        writeJob("site-a", "ro", "  - { from: site-a, to: site-b }\n  - { from: site-a, to: site-c }\n", true);
        CliRun.Result cut = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(cut.exit()).as(cut.toString()).isEqualTo(1);
        Map<String, String> atC = live(demo.dir.resolve("site-c"));
        Map<String, String> atB = live(demo.siteB);

        writeJob("site-a", "ro", "  - { from: site-a, to: site-b }\n", true);
        fault.restore();
        CliRun.Result dry = cli.run("sync", "--job", demo.job.toString(), "--dry-run");
        CliRun.Result run = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(live(demo.dir.resolve("site-c"))).as("nothing more reaches the site the job no longer links to\n"
                + run.out()).isEqualTo(atC);
        assertThat(dry.out()).contains(NOT_RESUMED).contains("link site-a->site-c removed");
        assertThat(run.out()).contains(NOT_RESUMED);
        assertThat(copiedBy(run)).isEqualTo(wouldCopy(dry.out()));
        assertThat(live(demo.siteB)).containsAllEntriesOf(atB).isEqualTo(live(demo.siteA));
    }

    @Test
    void aSiteTurnedReadOnlyIsNeverWrittenByTheNextRun() throws Exception {
        setUp("site-ro", 20);
        writeJob("site-a", "rw", "  - { from: site-a, to: site-b }\n  - { from: site-b, to: site-a }\n");
        CliRun.Result cut = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(cut.exit()).as(cut.toString()).isEqualTo(1);
        Map<String, String> atB = Trees.hashes(demo.siteB);

        // site-b becomes an archive nobody writes: its incoming link has to go with it.
        Files.writeString(demo.job, Files.readString(demo.job).replace("      delegate: { type: local, root: ./site-b } }\n",
                "      delegate: { type: local, root: ./site-b } }\n    mode: ro\n    manifest: { source: scan, template: \""
                        + ArchiveGenerator.TEMPLATE + "\" }\n")
                .replace("  - { from: site-a, to: site-b }\n", ""));
        fault.restore();
        long putsBefore = fault.puts.get() + fault.statePuts.get();
        CliRun.Result dry = cli.run("sync", "--job", demo.job.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        CliRun.Result run = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(fault.puts.get() + fault.statePuts.get()).as("no put to the read-only site\n" + run.out())
                .isEqualTo(putsBefore);
        assertThat(Trees.hashes(demo.siteB)).isEqualTo(atB);
        assertThat(dry.out()).contains(NOT_RESUMED).contains("site site-b:");
        assertThat(wouldCopy(dry.out())).isEmpty();
    }

    @Test
    void aRunThatFailedBeforePlanningIsNotResumedAndItsReportShowsOnlyItsOwnRows() throws Exception {
        LocalConnectorFactory local = new LocalConnectorFactory();
        cli = new CliRun(tmp.resolve("home")).kind(local).kind(new FaultyConnectorFactory(local));
        demo = DemoSites.create(cli, tmp.resolve("demo"), 30);
        Path hidden = demo.dir.resolve("site-a.away");
        Files.move(demo.siteA, hidden);
        CliRun.Result failed = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(failed.exit()).as(failed.toString()).isIn(1, 2);
        long failedRun = JSON.readTree(failed.lastLine()).get("runId").asLong();

        Files.move(hidden, demo.siteA);
        CliRun.Result run = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).doesNotContain("Resumed plan").doesNotContain("is not resumed");
        JsonNode j = JSON.readTree(run.lastLine());
        assertThat(j.get("planned").asLong()).isEqualTo(30);
        assertThat(j.get("plan").get("madeByRun").asLong()).isEqualTo(j.get("runId").asLong());

        CliRun.Result report = cli.run("report", "--run", String.valueOf(failedRun), "--format", "json");
        assertThat(report.exit()).as(report.toString()).isZero();
        assertThat(JSON.readTree(report.out())).as("the failed run copied nothing: no rows of another run").isEmpty();
        CliRun.Result table = cli.run("report", "--run", String.valueOf(failedRun));
        assertThat(table.out()).contains("run " + failedRun + " FAILED").contains("0 planned, 0 copied");
        CliRun.Result own = cli.run("report", "--run", String.valueOf(j.get("runId").asLong()), "--format", "json");
        assertThat(JSON.readTree(own.out())).hasSize(30);
    }

    // --- helpers

    void setUp(String faultName, int recordings) {
        LocalConnectorFactory local = new LocalConnectorFactory();
        cli = new CliRun(tmp.resolve("home")).kind(local).kind(new FaultyConnectorFactory(local));
        demo = DemoSites.create(cli, tmp.resolve("demo"), recordings);
        this.faultName = "plan-resume-" + faultName + "-" + System.nanoTime();
        fault = FaultyConnectorFactory.fault(this.faultName);
        // Put 1 is site-b's sentinel; the link goes down after a few recordings.
        fault.downFrom(8);
    }

    void writeJob(String source, String sourceMode, String links) throws IOException {
        writeJob(source, sourceMode, links, false);
    }

    void writeJob(String source, String sourceMode, String links, boolean siteC) throws IOException {
        String faulty = "{ type: faulty, fault: " + faultName() + ",\n      delegate: { type: local, root: ./%s } }\n";
        Files.writeString(demo.job, """
                name: demo
                sites:
                  site-a:
                    connector: { type: local, root: ./site-a }
                    manifest: { source: scan, template: "%s" }
                    mode: %s
                  site-b:
                    connector: %s%s\
                links:
                %s\
                transfer:
                  chunkSize: 5
                  parallel: 2
                  attempts: 2
                  initialBackoff: 1ms
                  maxBackoff: 2ms
                  abortAfterConsecutiveFailures: 3
                """.formatted(ArchiveGenerator.TEMPLATE, sourceMode, faulty.formatted("site-b"),
                siteC ? "  site-c:\n    connector: " + faulty.formatted("site-c") : "", links));
    }

    String faultName() {
        return faultName;
    }

    static String tenant(JsonNode sidecar) {
        return sidecar.get("tenant").asText();
    }

    /** Files outside recsync's own .recsync/ directory, by relative path. */
    static Map<String, String> live(Path root) {
        Map<String, String> all = new TreeMap<>(Trees.hashes(root));
        all.keySet().removeIf(p -> p.startsWith(".recsync/"));
        return all;
    }

    /** The audio paths of the items a run finished, as its report lists them. */
    Set<String> copiedBy(CliRun.Result run) throws IOException {
        long id = JSON.readTree(run.lastLine()).get("runId").asLong();
        CliRun.Result report = cli.run("report", "--run", String.valueOf(id), "--format", "json");
        assertThat(report.exit()).as(report.toString()).isZero();
        Set<String> out = new TreeSet<>();
        for (JsonNode row : JSON.readTree(report.out())) {
            assertThat(row.get("status").asText()).as(row.toString()).isEqualTo("DONE");
            out.add(row.get("path").asText());
        }
        return out;
    }

    static Set<String> wouldCopy(String dryRun) {
        Set<String> out = new TreeSet<>();
        Matcher m = WOULD_COPY.matcher(dryRun);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static String stem(String path) {
        return path.substring(0, path.lastIndexOf('.'));
    }

    /** Every recording's sidecar at site-a, by path without extension. */
    Map<String, JsonNode> sourceSidecars() {
        Map<String, JsonNode> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(demo.siteA)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".json"))::iterator) {
                String rel = demo.siteA.relativize(p).toString();
                if (!rel.startsWith(".recsync")) {
                    out.put(stem(rel), JSON.readTree(p.toFile()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
