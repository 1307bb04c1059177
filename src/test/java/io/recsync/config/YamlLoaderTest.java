package io.recsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlLoaderTest {

    @TempDir
    Path dir;

    private final YamlLoader loader = new YamlLoader(Map.of());

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void recordsTheLineOfEveryFieldAndListEntry() throws Exception {
        Path f = write("job.yml", """
                name: x
                sites:
                  hq:
                    priority: 1
                links:
                  - from: hq
                    filter:
                      tenants: [acme, globex]
                """);
        YamlDocument doc = loader.load(f);
        assertThat(doc.lines()).containsEntry("name", 1).containsEntry("sites.hq", 3).containsEntry("sites.hq.priority", 4)
                .containsEntry("links[0]", 6).containsEntry("links[0].from", 6).containsEntry("links[0].filter.tenants", 8)
                .containsEntry("links[0].filter.tenants[1]", 8);
        assertThat(doc.tree()).containsEntry("name", "x");
        assertThat(doc.file()).isEqualTo(f.toAbsolutePath());
        assertThat(doc.root().baseDir()).isEqualTo(dir.toAbsolutePath());
        assertThat(doc.root().child("sites").child("hq").optionalInt("priority", 0, 0, 9)).isEqualTo(1);
    }

    @Test
    void keepsScalarsAsTextSoNorwayIsNotFalse() {
        YamlDocument doc = loader.parse("t.yml", "tenants: [no, yes, 010]\nsince: 2026-11-01\nempty:\n", dir);
        assertThat(doc.tree().get("tenants")).isEqualTo(List.of("no", "yes", "010"));
        assertThat(doc.tree().get("since")).isEqualTo("2026-11-01");
        assertThat(doc.tree()).containsEntry("empty", null);
    }

    @Test
    void missingFileNamesTheAbsolutePathAndTheOption() {
        Path missing = dir.resolve("nope.yml");
        assertThatThrownBy(() -> loader.load(missing)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(missing.toAbsolutePath() + ": no such file; check --job");
    }

    @Test
    void directoryIsNotAFile() {
        assertThatThrownBy(() -> loader.load(dir)).hasMessageStartingWith(dir.toAbsolutePath() + ": is a directory");
    }

    @Test
    void unreadableFileSaysSo() throws Exception {
        Path f = write("secret.yml", "a: 1\n");
        f.toFile().setReadable(false, false);
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(f), "root reads everything");
        assertThatThrownBy(() -> loader.load(f)).hasMessageContaining(f.toAbsolutePath() + ": cannot be read");
    }

    @Test
    void emptyAndCommentOnlyFilesAreRefused() throws Exception {
        Path empty = write("empty.yml", "");
        Path comments = write("comments.yml", "# nothing yet\n\n");
        assertThatThrownBy(() -> loader.load(empty)).hasMessageStartingWith(empty + ": is empty");
        assertThatThrownBy(() -> loader.load(comments)).hasMessageStartingWith(comments + ": is empty");
    }

    @Test
    void topLevelMustBeAMapping() throws Exception {
        Path list = write("list.yml", "# a list\n- a\n- b\n");
        Path scalar = write("scalar.yml", "just text\n");
        assertThatThrownBy(() -> loader.load(list)).hasMessageStartingWith(list + ":2: expected a mapping")
                .hasMessageContaining("got a list");
        assertThatThrownBy(() -> loader.load(scalar)).hasMessageStartingWith(scalar + ":1: expected a mapping");
    }

    @Test
    void duplicateKeysNameBothLines() throws Exception {
        Path f = write("dup.yml", """
                sites:
                  hq:
                    mode: ro
                    priority: 1
                    mode: rw
                """);
        assertThatThrownBy(() -> loader.load(f))
                .hasMessage(f + ":5: field 'sites.hq.mode' is given twice (first on line 3); keep one: YAML would"
                        + " otherwise silently use the last");
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() throws Exception {
        Path f = write("bad.yml", """
                name: x
                sites:
                  hq: [a, b
                links: []
                """);
        assertThatThrownBy(() -> loader.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":4:6: not valid YAML: ");
        Path tabs = write("tabs.yml", "sites:\n\thq: 1\n");
        assertThatThrownBy(() -> loader.load(tabs)).hasMessageStartingWith(tabs + ":2:1: not valid YAML")
                .hasMessageContaining("spaces, not tabs");
    }

    @Test
    void twoDocumentsAreRefused() throws Exception {
        Path f = write("two.yml", "a: 1\n---\nb: 2\n");
        assertThatThrownBy(() -> loader.load(f)).hasMessageStartingWith(f + ":2:1: not valid YAML");
    }

    @Test
    void billionLaughsStopsAtTheAliasLimit() {
        StringBuilder y = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 9; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        assertThatThrownBy(() -> loader.parse("bomb.yml", y.toString(), dir)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("bomb.yml: not accepted as YAML: Number of aliases");
    }

    @Test
    void fewAliasesThatExpandExponentiallyStopAtTheValueLimit() {
        // 20 aliases (the composer's limit) doubling a list of 100 values ten times: 102,400 values.
        StringBuilder y = new StringBuilder("a0: &a0 [" + "x, ".repeat(99) + "x]\n");
        for (int i = 1; i <= 10; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1)
                    .append("]\n");
        }
        assertThatThrownBy(() -> loader.parse("doubling.yml", y.toString(), dir))
                .hasMessageContaining("more than " + YamlTree.MAX_VALUES + " values once aliases");
    }

    @Test
    void recursiveAliasIsRefused() {
        assertThatThrownBy(() -> loader.parse("rec.yml", "a: &a\n  b: *a\n", dir)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("rec.yml:");
    }

    @Test
    void tagsThatWouldConstructObjectsAreRefused() {
        assertThatThrownBy(() -> loader.parse("t.yml", "name: x\nconn: !!javax.script.ScriptEngineManager [a]\n", dir))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("t.yml:2:");
        assertThatThrownBy(() -> loader.parse("t.yml", "name: x\nroot: !custom /srv\n", dir))
                .hasMessage("t.yml:2: field 'root' carries the YAML tag !custom; recsync reads plain values, lists and"
                        + " mappings only: remove the tag");
    }

    @Test
    void aliasesAndMergeKeysWorkWithExplicitFieldsWinning() {
        YamlDocument doc = loader.parse("m.yml", """
                defaults: &d
                  priority: 5
                  mode: ro
                sites:
                  hq:
                    <<: *d
                    mode: rw
                  tenants: &t [acme]
                  again: *t
                """, dir);
        @SuppressWarnings("unchecked")
        Map<String, Object> hq = (Map<String, Object>) ((Map<String, Object>) doc.tree().get("sites")).get("hq");
        assertThat(hq).containsEntry("priority", "5").containsEntry("mode", "rw");
        assertThat(doc.lines()).containsEntry("sites.hq.mode", 7).containsEntry("sites.hq.priority", 2);
    }

    @Test
    void invalidUtf8IsReported() throws Exception {
        Path f = dir.resolve("latin1.yml");
        Files.write(f, new byte[] {'a', ':', ' ', (byte) 0xe9, '\n'});
        assertThatThrownBy(() -> loader.load(f)).hasMessage(f + ": is not UTF-8 text; save it as UTF-8");
    }

    @Test
    void relativeFileKeepsItsRelativeNameInMessages() throws Exception {
        Path f = write("rel.yml", "a: [\n");
        Path cwd = Path.of("").toAbsolutePath();
        Path relative = cwd.relativize(f.toAbsolutePath());
        assertThatThrownBy(() -> loader.load(relative)).hasMessageStartingWith(relative + ":");
    }
}
