package io.recsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's byte encodings as the README documents them, and Ed25519 keys and signatures. */
class LedgerCodecTest {

    @TempDir
    Path tmp;

    static final UUID ID = UUID.fromString("0b7c3c1e-8f3a-4c7e-9d1a-2b3c4d5e6f70");

    static LedgerEntry entry() {
        LedgerEntry e = new LedgerEntry("nightly", 1, LedgerCodec.GENESIS, LedgerEntry.Kind.PLACEMENT, ID, "dr",
                "acme/support/2026/11/20/x.wav", "9f".repeat(32), 482113L, 42, Instant.parse("2026-12-06T18:20:01.123Z"),
                "COPIED", null);
        return e.withHash(LedgerCodec.hashOf(e));
    }

    /** The README's recipe, written out independently: what an auditor's script computes. */
    @Test
    void theHashIsSha256OverTheDocumentedText() throws Exception {
        String text = "recsync-ledger-v1\nnightly\n1\n" + "0".repeat(64) + "\nPLACEMENT\n" + ID + "\ndr\n"
                + "acme/support/2026/11/20/x.wav\n" + "9f".repeat(32) + "\n482113\n42\n2026-12-06T18:20:01.123Z\nCOPIED\n";
        assertThat(LedgerCodec.canonical(entry())).isEqualTo(text);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(entry().hash()).isEqualTo(expected);
    }

    @Test
    void absentFieldsAreEmptyLinesAndARunEntryHasNoRecording() {
        LedgerEntry run = new LedgerEntry("j", 2, "ab".repeat(32), LedgerEntry.Kind.RUN, null, null, null, null, null, 7,
                Instant.parse("2026-01-01T00:00:00Z"), "status=COMPLETED exit=0", null);
        assertThat(LedgerCodec.canonical(run)).isEqualTo("recsync-ledger-v1\nj\n2\n" + "ab".repeat(32)
                + "\nRUN\n\n\n\n\n\n7\n2026-01-01T00:00:00.000Z\nstatus=COMPLETED exit=0\n");
        assertThat(LedgerCodec.oneLine("a\nb\rc")).isEqualTo("a b c");
    }

    @Test
    void aJsonLineReadsBackAsTheSameEntry() {
        LedgerEntry e = entry();
        assertThat(LedgerCodec.fromJsonLine(LedgerCodec.toJsonLine(e))).isEqualTo(e);
        assertThatThrownBy(() -> LedgerCodec.fromJsonLine("{not json")).hasMessageContaining("not JSON");
    }

    @Test
    void keygenWritesAPrivateKeyOnlyItsOwnerReadsAndSignaturesVerifyWithThePublicKeyAlone() throws Exception {
        Path[] files = LedgerKeys.writePair(tmp.resolve("keys"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files[0]))).isEqualTo("rw-------");
        assertThat(Files.readString(files[0])).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(files[1])).startsWith("-----BEGIN PUBLIC KEY-----");
        var priv = LedgerKeys.privateKey(Files.readString(files[0]), "k");
        var pub = LedgerKeys.readPublicKey(files[1]);
        String statement = LedgerCodec.headStatement("nightly", 41, entry().hash());
        String sig = LedgerKeys.sign(priv, statement);
        assertThat(LedgerKeys.verify(pub, statement, sig)).isTrue();
        assertThat(LedgerKeys.verify(pub, statement.replace("41", "42"), sig)).isFalse();
        KeyPair other = LedgerKeys.generate();
        assertThat(LedgerKeys.verify(other.getPublic(), statement, sig)).isFalse();
        assertThat(LedgerKeys.verify(pub, statement, "not base64!")).isFalse();
        assertThatThrownBy(() -> LedgerKeys.writePair(tmp.resolve("keys"))).hasMessageContaining("does not overwrite");
        assertThatThrownBy(() -> LedgerKeys.privateKey("garbage", "job.yml: ledger.signingKeyFile"))
                .hasMessageContaining("job.yml: ledger.signingKeyFile").hasMessageContaining("keygen");
    }
}
