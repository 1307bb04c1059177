package io.recsync.bench;

import io.recsync.demo.ArchiveGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.UUID;

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
        long bytes = 0;
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < count; i++) {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
            ArchiveGenerator.Placement p = ArchiveGenerator.Placement.draw(r);
            UUID id = p.id();
            Path dir = Files.createDirectories(p.directory(root));
            try (OutputStream out = Files.newOutputStream(dir.resolve(id + ".wav"))) {
                out.write(wavHeader(audioBytes));
                long left = audioBytes - 44;
                while (left > 0) {
                    r.nextBytes(block);
                    int n = (int) Math.min(left, block.length);
                    out.write(block, 0, n);
                    left -= n;
                }
            }
            byte[] meta = ArchiveGenerator.sidecar(id, p.tenant(), p.group(), p.at(), (audioBytes - 44) / 16000.0, r);
            Files.write(dir.resolve(id + ".json"), meta);
            bytes += audioBytes + meta.length;
        }
        return new Stats(count, 2L * count, bytes);
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
