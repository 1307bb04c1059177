package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.StoragePath;
import org.junit.jupiter.api.Test;

class SftpPathsTest {

    @Test
    void globCharactersAndBackslashesAreEscapedForJsch() {
        assertThat(SftpPaths.quoted("/r/rec?.wav")).isEqualTo("/r/rec\\?.wav");
        assertThat(SftpPaths.quoted("/r/a*b\\c")).isEqualTo("/r/a\\*b\\\\c");
        assertThat(SftpPaths.quoted("/r/plain [x] #%.wav")).isEqualTo("/r/plain [x] #%.wav");
    }

    @Test
    void joinsUnderTheRoot() {
        assertThat(SftpPaths.join("/srv/rec", StoragePath.of("a/b.wav"))).isEqualTo("/srv/rec/a/b.wav");
        assertThat(SftpPaths.join("/", StoragePath.of("a/b.wav"))).isEqualTo("/a/b.wav");
        assertThat(SftpPaths.join("/srv/rec", StoragePath.ROOT)).isEqualTo("/srv/rec");
    }

    @Test
    void insideMeansTheRootOrBelowIt() {
        assertThat(SftpPaths.inside("/srv/rec", "/srv/rec")).isTrue();
        assertThat(SftpPaths.inside("/srv/rec/a", "/srv/rec")).isTrue();
        assertThat(SftpPaths.inside("/srv/recordings-other", "/srv/rec")).isFalse();
        assertThat(SftpPaths.inside("/etc", "/srv/rec")).isFalse();
        assertThat(SftpPaths.inside("/anything", "/")).isTrue();
    }
}
