package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.connector.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, defect 4: monitoring that passes the job file (as every other command takes it) must
 * see the job's runs and conflicts; the name works where no site is touched; an unknown job is
 * exit 2 with a message, never "No runs yet" or "No conflicts.".
 */
class JobReferenceIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    CliRun cli;
    DemoSites demo;
    CliRun.Result run;

    /** A demo job whose manifest claims other bytes for one recording: one run, one open conflict. */
    @BeforeEach
    void aRunWithAnOpenConflict() throws Exception {
        cli = new CliRun(tmp.resolve("home"));
        demo = DemoSites.create(cli, tmp.resolve("demo"), 6);
        Path manifest = demo.siteA.resolve("manifest.jsonl");
        assertThat(cli.run("manifest", "build", "--job", demo.job.toString(), "--site", "site-a", "--out",
                manifest.toString()).exit()).isZero();
        List<String> lines = Files.readAllLines(manifest);
        String sha = JSON.readTree(lines.get(0)).get("audio").get("sha256").asText();
        lines.set(0, lines.get(0).replace(sha, Sha256.of("other bytes".getBytes(StandardCharsets.UTF_8))));
        Files.write(manifest, lines);
        Files.writeString(demo.job, Files.readString(demo.job).replaceAll(
                "(?s)manifest:\\n\\s+source: scan\\n\\s+template: \"[^\"]+\"", "manifest: { source: file, path: manifest.jsonl }"));
        run = cli.run("sync", "--job", demo.job.toString());
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
    }

    @Test
    void historyAndConflictsListTakeTheJobFileAsWellAsTheName() throws Exception {
        for (String job : List.of(demo.job.toString(), "demo")) {
            CliRun.Result history = cli.run("history", "--job", job);
            assertThat(history.exit()).as(history.toString()).isZero();
            assertThat(history.out()).as("--job " + job).doesNotContain("No runs yet").containsPattern("(?m)^1\\s+demo\\s");

            CliRun.Result list = cli.run("conflicts", "list", "--job", job, "--format", "json");
            assertThat(list.exit()).as(list.toString()).isZero();
            JsonNode conflicts = JSON.readTree(list.out());
            assertThat(conflicts).as("--job " + job).hasSize(1);
            assertThat(conflicts.get(0).get("kind").asText()).isEqualTo("SOURCE_MISMATCH");

            CliRun.Result report = cli.run("report", "--run", "1", "--job", job);
            assertThat(report.exit()).as(report.toString()).isZero();
        }
    }

    @Test
    void theSummarysHintIsACommandThatWorks() {
        Matcher hint = Pattern.compile("review with `recsync (conflicts list --job [^`]+)`").matcher(run.out());
        assertThat(hint.find()).as(run.toString()).isTrue();
        assertThat(hint.group(1)).contains(demo.job.toAbsolutePath().normalize().toString());
        CliRun.Result followed = cli.run(hint.group(1).split(" "));
        assertThat(followed.exit()).as(followed.toString()).isZero();
        assertThat(followed.out()).contains("SOURCE_MISMATCH").doesNotContain("No open conflicts");
    }

    @Test
    void anUnknownJobIsExit2WithAMessageNeverAnEmptyAnswer() {
        Path missing = tmp.resolve("jobs/nightly.yml");
        for (String job : List.of("nightly", missing.toString())) {
            for (String[] args : List.of(new String[] {"history", "--job", job},
                    new String[] {"conflicts", "list", "--job", job},
                    new String[] {"conflicts", "show", "1", "--job", job},
                    new String[] {"report", "--run", "1", "--job", job})) {
                CliRun.Result r = cli.run(args);
                assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
                assertThat(r.out()).doesNotContain("No runs yet").doesNotContain("No open conflicts");
                assertThat(r.err()).contains(job.equals("nightly") ? "unknown job" : "no such file");
            }
        }
        // A command that touches sites needs the file: a name is refused, saying so.
        CliRun.Result sync = cli.run("sync", "--job", "demo");
        assertThat(sync.exit()).as(sync.toString()).isEqualTo(2);
        assertThat(sync.err()).contains("needs the job file");
    }

    @Test
    void conflictsShowEndsWithTheNextStep() {
        CliRun.Result show = cli.run("conflicts", "show", "1", "--job", demo.job.toString());
        assertThat(show.exit()).as(show.toString()).isZero();
        String last = show.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).contains("recsync conflicts resolve 1 --keep source|target|both --job " + demo.job);
        assertThat(show.out()).doesNotContain("review with `recsync conflicts show`");
    }
}
