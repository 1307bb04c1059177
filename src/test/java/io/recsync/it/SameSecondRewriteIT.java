package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorder that rewrites a sidecar twice within one second of its store's clock, with the same
 * size, leaves size and modification time as they were (SFTP and S3 keep times to the second).
 * The scan must still see the second rewrite: a checksum cached from the first would keep the
 * other site at the older metadata for good, and every run would say all is well.
 */
class SameSecondRewriteIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    RecorderSite hq;
    RecorderSite dr;

    /** A job over hq and dr: {@code hqExtra} added to hq's site entry, {@code rest} after the sites. */
    Path job(String name, String hqExtra, String rest) throws Exception {
        hq = new RecorderSite("hq", tmp.resolve("hq"));
        dr = new RecorderSite("dr", tmp.resolve("dr"));
        return Files.writeString(tmp.resolve("job.yml"), "name: " + name + "\nsites:\n"
                + "  hq: { connector: " + hq.connector() + ", priority: 1" + hqExtra + " }\n"
                + "  dr: { connector: " + dr.connector() + ", priority: 2 }\n" + rest);
    }

    @Test
    void aSameSizeRewriteInTheSameSecondReachesTheOtherSite() throws Exception {
        Path job = job("rewrite", "", "topology: mesh\nconflicts: { policy: newest }\n");
        CliRun cli = new CliRun(tmp.resolve("home"));
        UUID id = hq.record(UUID.randomUUID(), "acme", "support", "a call");
        assertThat(sync(cli, job).get("copied").asLong()).as("the recording reaches dr").isEqualTo(1);

        FileTime tick = FileTime.from(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        hq.edit(id, 2, Instant.parse("2026-11-21T09:00:00Z"), "note A");
        Files.setLastModifiedTime(hq.sidecar(id), tick);
        assertThat(sync(cli, job).get("copied").asLong()).as("the first rewrite").isEqualTo(1);
        assertThat(dr.note(id)).isEqualTo("note A");
        long size = Files.size(hq.sidecar(id));

        hq.edit(id, 3, Instant.parse("2026-11-21T09:00:00Z"), "note B");
        Files.setLastModifiedTime(hq.sidecar(id), tick);
        assertThat(Files.size(hq.sidecar(id))).as("same size, same second").isEqualTo(size);
        JsonNode second = sync(cli, job);

        assertThat(second.get("copied").asLong()).as("the second rewrite\n" + second).isEqualTo(1);
        assertThat(Files.readAllBytes(dr.sidecar(id))).isEqualTo(Files.readAllBytes(hq.sidecar(id)));
        assertThat(dr.note(id)).isEqualTo("note B");
        assertThat(sync(cli, job).get("planned").asLong()).as("then nothing is left").isZero();
    }

    /**
     * The same for a recorder's manifest file: rewritten in the same second with the same size
     * (one line's sidecar checksum and version changed), it is read again, not skipped as known.
     */
    @Test
    void aRecordersManifestRewrittenInTheSameSecondWithTheSameSizeIsReadAgain() throws Exception {
        Path job = job("rewrite-file", ", manifest: { source: file, path: manifest.jsonl }", "links:\n  - { from: hq, to: dr }\n");
        CliRun cli = new CliRun(tmp.resolve("home"));
        UUID id = hq.record(UUID.randomUUID(), "acme", "support", "a call");
        Path manifest = hq.root.resolve("manifest.jsonl");
        FileTime tick = FileTime.from(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        hq.edit(id, 2, Instant.parse("2026-11-21T09:00:00Z"), "note A");
        writeManifest(hq, id, 2, manifest, tick);
        assertThat(sync(cli, job).get("copied").asLong()).as("the recording reaches dr").isEqualTo(1);
        assertThat(dr.note(id)).isEqualTo("note A");
        long size = Files.size(manifest);

        hq.edit(id, 3, Instant.parse("2026-11-21T09:00:00Z"), "note B");
        writeManifest(hq, id, 3, manifest, tick);
        assertThat(Files.size(manifest)).as("same size, same second").isEqualTo(size);
        JsonNode second = sync(cli, job);

        assertThat(second.get("copied").asLong()).as("the rewritten line\n" + second).isEqualTo(1);
        assertThat(dr.note(id)).isEqualTo("note B");
        assertThat(Files.readAllBytes(dr.sidecar(id))).isEqualTo(Files.readAllBytes(hq.sidecar(id)));
    }

    /** The recorder's one-line manifest for {@code id} as hq holds it now, stamped {@code tick}. */
    private static void writeManifest(RecorderSite hq, UUID id, long version, Path manifest, FileTime tick) throws Exception {
        String audio = hq.root.relativize(hq.audio(id)).toString();
        String sidecar = hq.root.relativize(hq.sidecar(id)).toString();
        String line = "{\"id\":\"" + id + "\",\"tenant\":\"acme\",\"group\":\"support\",\"recordedAt\":\""
                + RecorderSite.RECORDED + "\",\"audio\":{\"path\":\"" + audio + "\",\"size\":" + Files.size(hq.audio(id))
                + ",\"sha256\":\"" + io.recsync.connector.Sha256.of(Files.readAllBytes(hq.audio(id))) + "\"},\"metadata\":{\"path\":\""
                + sidecar + "\",\"size\":" + Files.size(hq.sidecar(id)) + ",\"sha256\":\""
                + io.recsync.connector.Sha256.of(Files.readAllBytes(hq.sidecar(id))) + "\"},\"version\":" + version + "}\n";
        Files.writeString(manifest, line);
        Files.setLastModifiedTime(manifest, tick);
    }

    private static JsonNode sync(CliRun cli, Path job) throws Exception {
        CliRun.Result r = cli.run("sync", "--job", job.toString(), "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        return JSON.readTree(r.lastLine());
    }
}
