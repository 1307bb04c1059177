package io.recsync.bench;

import io.recsync.connector.StoragePath;
import io.recsync.demo.ArchiveGenerator;
import io.recsync.manifest.FileRef;
import io.recsync.manifest.Recording;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A call-recording archive as a recorder lays it out ({@code {tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.wav}
 * plus a JSON sidecar beside each), deterministic from a seed, fast enough for gigabytes: the audio
 * is a WAV header followed by pseudo-random samples (incompressible, so no tool gains from
 * compression), the sidecar is the same JSON a recorder writes (see {@code demo.ArchiveGenerator}).
 * Tenants, groups and days spread the files over directories as in a real archive.
 */
final class SyntheticArchive {

    static final String TEMPLATE = ArchiveGenerator.TEMPLATE;

    /** What was generated: recordings, files (audio + sidecars) and their bytes. */
    record Stats(int recordings, long files, long bytes) {}

    private SyntheticArchive() {}

    /** Writes {@code count} recordings of exactly {@code audioBytes} of audio each under {@code root}. */
    static Stats generate(Path root, long seed, int count, long audioBytes) throws IOException {
        return generate(root, seed, 0, count, audioBytes, null);
    }

    /**
     * Writes recordings {@code from .. from+count-1} (the same index always gives the same recording)
     * and hands each to {@code written} with its paths, sizes and SHA-256s, as a recorder's manifest
     * lists it; {@code written} may be null.
     */
    static Stats generate(Path root, long seed, long from, int count, long audioBytes, Consumer<Recording> written)
            throws IOException {
        long bytes = 0;
        byte[] block = new byte[(int) Math.min(1 << 20, Math.max(audioBytes, 64))];
        MessageDigest md = sha256();
        for (long i = from; i < from + count; i++) {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
            ArchiveGenerator.Placement p = ArchiveGenerator.Placement.draw(r);
            UUID id = p.id();
            Path dir = Files.createDirectories(p.directory(root));
            md.reset();
            try (OutputStream out = Files.newOutputStream(dir.resolve(id + ".wav"))) {
                byte[] header = wavHeader(audioBytes);
                out.write(header);
                md.update(header);
                long left = audioBytes - 44;
                while (left > 0) {
                    r.nextBytes(block);
                    int n = (int) Math.min(left, block.length);
                    out.write(block, 0, n);
                    md.update(block, 0, n);
                    left -= n;
                }
            }
            String audioSha = HexFormat.of().formatHex(md.digest());
            byte[] meta = ArchiveGenerator.sidecar(id, p.tenant(), p.group(), p.at(), (audioBytes - 44) / 16000.0, r);
            Files.write(dir.resolve(id + ".json"), meta);
            bytes += audioBytes + meta.length;
            if (written != null) {
                String base = root.relativize(dir).toString() + "/" + id;
                written.accept(new Recording(id, p.tenant(), p.group(), p.at(),
                        new FileRef(StoragePath.of(base + ".wav"), audioBytes, audioSha),
                        new FileRef(StoragePath.of(base + ".json"), meta.length, HexFormat.of().formatHex(md.digest(meta))), 1));
            }
        }
        return new Stats(count, 2L * count, bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 8 kHz, 16 bit, mono PCM: what most PBX recorders write. */
    private static byte[] wavHeader(long total) {
        int data = (int) (total - 44);
        return ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN)
                .put("RIFF".getBytes()).putInt(data + 36).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(data).array();
    }
}
