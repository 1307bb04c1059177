package io.recsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Path globs on the embedded H2 state database, and the translation itself. */
class PathGlobSqlTest extends PathGlobSqlContract {

    @TempDir
    Path dir;

    @Override
    StateDatabase openDatabase() {
        return StoreFixture.open(dir);
    }

    @Test
    void onlyDoubleStarGlobsBecomeLikeWithEscapedLiterals() {
        assertThat(PathGlobSql.likeIsExact("acme/**")).isTrue();
        assertThat(PathGlobSql.like("acme/**")).isEqualTo("acme/%");
        assertThat(PathGlobSql.like("100%_a!b/***")).isEqualTo("100!%!_a!!b/%");
        assertThat(PathGlobSql.likeIsExact("acme/*.wav")).isFalse();
        assertThat(PathGlobSql.likeIsExact("q/a?b")).isFalse();
        assertThat(PathGlobSql.regex("a.b/*/x?(1)**")).isEqualTo("^a\\.b/[^/]*/x[^/]\\(1\\).*$");
        assertThat(PathGlobSql.regex("ü 日/$^[x]{2}|+")).isEqualTo("^ü 日/\\$\\^\\[x\\]\\{2\\}\\|\\+$");
    }
}
