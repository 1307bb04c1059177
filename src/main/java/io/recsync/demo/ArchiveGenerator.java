package io.recsync.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Generates a call-recording archive as a recorder lays it out,
 * {@code {tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.wav} plus a JSON sidecar beside each, deterministic
 * from a seed: the same seed and count always give the same files, byte for byte.
 */
public final class ArchiveGenerator {

    public static final String TEMPLATE = "{tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}";
    private static final List<String> TENANTS = List.of("acme", "globex", "initech");
    private static final List<String> GROUPS = List.of("support", "sales", "billing", "emergency");
    private static final Instant EPOCH = Instant.parse("2026-11-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a generation wrote. */
    public record Summary(int recordings, int written, long bytes) {}

    private final long seed;
    private final double minSeconds;
    private final double maxSeconds;

    /** Recordings of {@code minSeconds}..{@code maxSeconds} seconds of audio. */
    public ArchiveGenerator(long seed, double minSeconds, double maxSeconds) {
        this.seed = seed;
        this.minSeconds = minSeconds;
        this.maxSeconds = maxSeconds;
    }

    /**
     * Writes recordings 0..count-1 under {@code root}; files that already exist are left as they are
     * (so a second demo run finds the same archive and copies nothing new).
     */
    public Summary generate(Path root, int count) {
        int written = 0;
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            Random r = new Random(seed * 1_000_003L + i);
            Placement p = Placement.draw(r);
            UUID id = p.id();
            String tenant = p.tenant();
            String group = p.group();
            Instant at = p.at();
            double seconds = minSeconds + r.nextDouble() * (maxSeconds - minSeconds);
            Path dir = p.directory(root);
            Path audio = dir.resolve(id + ".wav");
            Path sidecar = dir.resolve(id + ".json");
            if (Files.exists(audio) && Files.exists(sidecar)) {
                continue;
            }
            try {
                Files.createDirectories(dir);
                byte[] wav = WavWriter.tone(seconds, r);
                Files.write(audio, wav);
                byte[] meta = sidecar(id, tenant, group, at, seconds, r);
                Files.write(sidecar, meta);
                written++;
                bytes += wav.length + meta.length;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write demo recording under " + dir, e);
            }
        }
        return new Summary(count, written, bytes);
    }

    /**
     * Where one generated recording goes: a version-4 id, a tenant, a group and a moment in the 21
     * days from {@code EPOCH}, drawn in that order from {@code r} (the bench's synthetic archive
     * draws the same way, so both lay out an archive alike).
     */
    public record Placement(UUID id, String tenant, String group, Instant at) {

        private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

        public static Placement draw(java.util.random.RandomGenerator r) {
            UUID id = new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
            String tenant = TENANTS.get(r.nextInt(TENANTS.size()));
            String group = GROUPS.get(r.nextInt(GROUPS.size()));
            return new Placement(id, tenant, group, EPOCH.plusSeconds(r.nextInt(21 * 24 * 3600)));
        }

        /** {@code root/tenant/group/yyyy/MM/dd}: the recorder's layout ({@link #TEMPLATE}). */
        public Path directory(Path root) {
            return root.resolve(tenant).resolve(group).resolve(DAY.format(at));
        }
    }

    /**
     * The metadata JSON a recorder writes beside a call, with plausible call details drawn from
     * {@code r} (the demo and the benchmarks' synthetic archives share it).
     */
    public static byte[] sidecar(UUID id, String tenant, String group, Instant at, double seconds,
            java.util.random.RandomGenerator r) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id.toString());
        n.put("tenant", tenant);
        n.put("group", group);
        n.put("recordedAt", at.toString());
        n.put("direction", r.nextBoolean() ? "inbound" : "outbound");
        n.put("caller", "+49301" + (100000 + r.nextInt(900000)));
        n.put("callee", "+49302" + (100000 + r.nextInt(900000)));
        n.put("agent", "agent-" + (1 + r.nextInt(40)));
        n.put("durationSeconds", Math.round(seconds * 100) / 100.0);
        n.put("codec", "pcm_s16le/8000");
        n.put("version", 1);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    }
}
