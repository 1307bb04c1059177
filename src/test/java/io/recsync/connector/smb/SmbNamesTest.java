package io.recsync.connector.smb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.connector.PathRejectedException;
import io.recsync.connector.StoragePath;
import org.junit.jupiter.api.Test;

/** The wire form of names: SMB's forbidden characters travel as Services for Macintosh private-use characters. */
class SmbNamesTest {

    @Test
    void forbiddenCharactersTravelInThePrivateUseRangeAndComeBack() {
        String name = "14:03:11 \"a\" <b> c|d e*f g?h \\i.wav";
        String wire = SmbNames.encode(name, name);
        assertThat(wire).doesNotContain(":", "\"", "<", ">", "|", "*", "?", "\\");
        assertThat(wire).contains("14\uF02203\uF02211");
        assertThat(SmbNames.decode(wire)).isEqualTo(name);
    }

    @Test
    void onlyATrailingSpaceOrPeriodIsMapped() {
        assertThat(SmbNames.encode("a. b.", "x")).isEqualTo("a. b\uF029");
        assertThat(SmbNames.encode("a b ", "x")).isEqualTo("a b\uF028");
        assertThat(SmbNames.decode("a. b\uF029")).isEqualTo("a. b.");
        assertThat(SmbNames.decode("a\uF029b")).as("a trailing-only character elsewhere is not ours").isNull();
    }

    @Test
    void namesAlreadyHoldingTheReservedCharactersAreRefused() {
        assertThatThrownBy(() -> SmbNames.encode("a\uF021.wav", "dir/a\uF021.wav"))
                .isInstanceOf(PathRejectedException.class).hasMessageContaining("U+F021").hasMessageContaining("dir/a");
    }

    @Test
    void pathsJoinTheRootAndUseBackslashes() {
        assertThat(SmbNames.path("", StoragePath.ROOT)).isEmpty();
        assertThat(SmbNames.path("dr/calls", StoragePath.ROOT)).isEqualTo("dr\\calls");
        assertThat(SmbNames.path("dr", StoragePath.of("acme/14:03.wav"))).isEqualTo("dr\\acme\\14\uF02203.wav");
        assertThat(SmbNames.path("", StoragePath.of("a\\b/c.wav"))).isEqualTo("a\uF026b\\c.wav");
    }
}
