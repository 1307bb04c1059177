package io.recsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.config.LinkFilter;
import io.recsync.connector.StoragePath;
import io.recsync.manifest.FileRef;
import io.recsync.manifest.Recording;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code paths:} globs evaluated by the database, run against each state database kind: the rows a
 * glob selects must be exactly those Java's own glob matcher selects, whatever the names hold
 * ({@code %}, {@code _}, regex punctuation, spaces, unicode).
 */
abstract class PathGlobSqlContract {

    static final List<String> PATHS = List.of(
            "acme/support/2026/11/20/a.wav", "acme/sales/x.wav", "acme/a.wav", "acme.wav", "acmeX/support/b.wav",
            "globex/support/2026/c.wav", "globex/sup port/d e.wav", "100%/_under_/f.wav", "100x/aunderb/f.wav",
            "100%/xunderx/f.wav", "ünïcode/日本/録音.wav", "ünïcode/日本/x.wav", "a!b/c.wav", "aXb/c.wav", "dot.dir/x.wav",
            "dotXdir/x.wav", "paren(1)/x+y.wav", "paren1/xxy.wav", "brack[1]/x.wav", "cur{ly}/x.wav", "dollar$/^caret.wav",
            "q/ab.wav", "q/axb.wav", "q/a/b.wav", "x.wav", "emoji/😀.wav", "emoji/ab.wav");

    /** Globs Java's PathMatcher reads the same way recsync does (no [ ] { } or backslash). */
    static final List<String> GLOBS = List.of(
            "acme/**", "*/support/**", "**.wav", "acme/*.wav", "acme*", "100%/**", "100%/_under_/*.wav", "*/日本/録音.wav",
            "ünïcode/**", "globex/sup port/*", "dot.dir/*", "paren(1)/x+y.wav", "a!b/**", "**/x.wav", "q/a?b.wav",
            "q/?b.wav", "*", "*.wav", "dollar$/^*", "emoji/?.wav", "100?/*/f.wav", "**/*under*/**");

    StateDatabase db;
    long site;

    abstract StateDatabase openDatabase() throws Exception;

    @BeforeEach
    void fill() throws Exception {
        db = openDatabase();
        site = new SiteStore(db.jdbc()).idFor("job", "a", "local:/a");
        List<Recording> rows = new ArrayList<>();
        for (int i = 0; i < PATHS.size(); i++) {
            UUID id = new UUID(0x1234_0000_0000_4000L | i, 0x8000_0000_0000_0000L | i);
            rows.add(new Recording(id, "acme", "support", Instant.parse("2026-11-10T00:00:00Z"),
                    new FileRef(StoragePath.of(PATHS.get(i)), 10, StoreFixture.sha(i, 'a')), null, 1));
        }
        new ManifestIndex(db.jdbc()).upsert(site, 1, ManifestIndex.Origin.SCAN, rows);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Set<String> selected(List<String> anyOf) {
        LinkFilter f = new LinkFilter(Set.of(), Set.of(), Set.of(), Set.of(), null, null, true, true, List.of(anyOf));
        List<Object> args = new ArrayList<>(List.of(site));
        String sql = "SELECT s.audio_path FROM manifest_entry s WHERE s.site_id = ?" + PlanStore.where(f, db.dialect(), args);
        return new TreeSet<>(db.jdbc().queryForList(sql, String.class, args.toArray()));
    }

    private static Set<String> javaGlob(String glob) {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        Set<String> out = new TreeSet<>();
        for (String p : PATHS) {
            if (m.matches(java.nio.file.Path.of(p))) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void everyGlobSelectsExactlyWhatJavasGlobMatcherSelects() {
        for (String glob : GLOBS) {
            assertThat(selected(List.of(glob))).as("glob %s (%s)", glob, PathGlobSql.likeIsExact(glob) ? "LIKE" : "regex")
                    .isEqualTo(javaGlob(glob));
        }
    }

    @Test
    void literalPercentUnderscoreAndPunctuationAreNotWildcards() {
        assertThat(selected(List.of("100%/**"))).containsExactly("100%/_under_/f.wav", "100%/xunderx/f.wav");
        assertThat(selected(List.of("100%/_under_/*.wav"))).containsExactly("100%/_under_/f.wav");
        assertThat(selected(List.of("a!b/**"))).containsExactly("a!b/c.wav");
        assertThat(selected(List.of("dot.dir/*"))).containsExactly("dot.dir/x.wav");
        assertThat(selected(List.of("paren(1)/x+y.wav"))).containsExactly("paren(1)/x+y.wav");
        // Brackets and braces are literal in recsync globs (Java's matcher would read them as sets).
        assertThat(selected(List.of("brack[1]/**"))).containsExactly("brack[1]/x.wav");
        assertThat(selected(List.of("cur{ly}/*"))).containsExactly("cur{ly}/x.wav");
    }

    @Test
    void starStaysInOneDirectoryAndQuestionMarkIsOneCharacter() {
        assertThat(selected(List.of("acme/*.wav"))).containsExactly("acme/a.wav");
        assertThat(selected(List.of("q/a?b.wav"))).containsExactly("q/axb.wav");
        assertThat(selected(List.of("emoji/?.wav"))).containsExactly("emoji/😀.wav");
        assertThat(selected(List.of("*/support/**"))).containsExactly("acme/support/2026/11/20/a.wav", "acmeX/support/b.wav",
                "globex/support/2026/c.wav");
    }

    @Test
    void aRecordingIsTakenWhenAnyGlobOfTheListMatches() {
        assertThat(selected(List.of("acme/*.wav", "ünïcode/日本/*", "globex/sup port/**"))).containsExactly(
                "acme/a.wav", "globex/sup port/d e.wav", "ünïcode/日本/x.wav", "ünïcode/日本/録音.wav");
    }
}
