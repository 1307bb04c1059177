package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sync --plan-out` writes a reviewable plan and touches no site; `sync --plan-in` copies exactly that plan. */
class PlanFileIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    CliRun cli;
    DemoSites demo;
    Path plan;

    @BeforeEach
    void writeThePlan() throws Exception {
        cli = new CliRun(tmp.resolve("home"));
        demo = DemoSites.create(cli, tmp.resolve("demo"), 30);
        plan = tmp.resolve("plan.jsonl");
        CliRun.Result out = cli.run("sync", "--job", demo.job.toString(), "--plan-out", plan.toString());
        assertThat(out.exit()).as(out.toString()).isZero();
        assertThat(out.out()).contains("Wrote the plan (30 item(s))").contains("--plan-in");
        assertThat(Trees.hashes(demo.siteB)).as("a plan-out run writes nothing to any site").isEmpty();
        assertThat(demo.siteB.resolve(".recsync")).doesNotExist();
    }

    @Test
    void thePlanNamesEveryCopyAndAReviewedPlanIsExecutedExactly() throws Exception {
        List<String> lines = Files.readAllLines(plan);
        JsonNode header = JSON.readTree(lines.get(0));
        assertThat(header.get("recsyncPlan").asInt()).isEqualTo(1);
        assertThat(header.get("job").asText()).isEqualTo("demo");
        assertThat(header.get("items").asLong()).isEqualTo(30);
        assertThat(lines).hasSize(31);
        JsonNode first = JSON.readTree(lines.get(1));
        assertThat(first.get("from").asText()).isEqualTo("site-a");
        assertThat(first.get("to").asText()).isEqualTo("site-b");
        assertThat(first.get("audio").get("sha256").asText()).hasSize(64);

        // The reviewer keeps the acme recordings only.
        List<String> kept = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (JSON.readTree(line).get("tenant").asText().equals("acme")) {
                kept.add(line);
            }
        }
        assertThat(kept).isNotEmpty().hasSizeLessThan(30);
        ((ObjectNode) header).put("items", kept.size());
        List<String> reviewed = new ArrayList<>(List.of(JSON.writeValueAsString(header)));
        reviewed.addAll(kept);
        Files.write(plan, reviewed);

        CliRun.Result run = cli.run("sync", "--job", demo.job.toString(), "--plan-in", plan.toString(), "--json");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(JSON.readTree(run.lastLine()).get("copied").asLong()).isEqualTo(kept.size());
        Map<String, String> expected = new TreeMap<>(demo.sourceFiles(n -> n.get("tenant").asText().equals("acme")));
        assertThat(Trees.hashes(demo.siteB)).isEqualTo(expected);

        CliRun.Result again = cli.run("sync", "--job", demo.job.toString(), "--plan-in", plan.toString(), "--json");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(JSON.readTree(again.lastLine()).get("copied").asLong()).as("already there, verified").isZero();

        CliRun.Result rest = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(rest.exit()).isZero();
        assertThat(JSON.readTree(rest.lastLine()).get("copied").asLong()).isEqualTo(30 - kept.size());
        assertThat(Trees.hashes(demo.siteB)).isEqualTo(Trees.hashes(demo.siteA));
    }

    @Test
    void aBadPlanIsRefusedWholeNamingLineAndFieldAndNothingIsCopied() throws Exception {
        List<String> lines = Files.readAllLines(plan);
        assertRefused(edit(lines, 2, l -> l.replaceFirst("\"sha256\":\"[0-9a-f]{8}", "\"sha256\":\"XYZXYZXY")),
                "plan.jsonl:3", "audio.sha256");
        assertRefused(edit(lines, 0, l -> l.replace("\"job\":\"demo\"", "\"job\":\"nightly\"")), "field 'job'", "nightly");
        assertRefused(edit(lines, 4, l -> l.replace("\"to\":\"site-b\"", "\"to\":\"site-c\"")), "plan.jsonl:5",
                "no link site-a->site-c");
        List<String> cut = new ArrayList<>(lines.subList(0, lines.size() - 1));
        assertRefused(cut, "announces 30 items but the file holds 29", "cut short");
        List<String> twice = new ArrayList<>(lines);
        twice.set(2, lines.get(1));
        assertRefused(twice, "plan.jsonl:3", "twice");
        assertThat(JSON.readTree(cli.run("history", "--job", "demo", "--format", "json").out()))
                .as("a refused plan is not a run").isEmpty();

        CliRun.Result filtered = cli.run("sync", "--job", demo.job.toString(), "--plan-in", plan.toString(), "--tenant", "acme");
        assertThat(filtered.exit()).isEqualTo(2);
        assertThat(filtered.err()).contains("executed as it stands");
    }

    private List<String> edit(List<String> lines, int index, java.util.function.UnaryOperator<String> change) {
        List<String> copy = new ArrayList<>(lines);
        copy.set(index, change.apply(copy.get(index)));
        return copy;
    }

    private void assertRefused(List<String> lines, String... expected) throws Exception {
        Files.write(plan, lines);
        CliRun.Result r = cli.run("sync", "--job", demo.job.toString(), "--plan-in", plan.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        for (String e : expected) {
            assertThat(r.err()).as(r.toString()).contains(e);
        }
        assertThat(Trees.hashes(demo.siteB)).isEmpty();
    }
}
