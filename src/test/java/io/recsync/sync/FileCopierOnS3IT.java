package io.recsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.Connector;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.local.LocalConnector;
import io.recsync.connector.local.LocalSettings;
import io.recsync.connector.s3.S3Connector;
import io.recsync.manifest.FileRef;
import io.recsync.peers.FreezableTcpProxy;
import io.recsync.peers.S3ProxyServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy rules onto S3 (s3proxy), counted at a real TCP relay: a copy is one PUT and its answer,
 * with no look first (the PUT's If-None-Match refuses a taken name), and a name that is taken is
 * still never overwritten: identical bytes count as present, other bytes stay and are reported.
 */
class FileCopierOnS3IT {

    @TempDir
    static Path work;
    static S3ProxyServer server;
    static FreezableTcpProxy link;
    static final AtomicInteger buckets = new AtomicInteger();

    @TempDir
    Path source;

    String bucket;
    Connector from;
    Connector to;
    final StoragePath path = StoragePath.of("acme/support/2026/11/20/call.wav");

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(work);
        link = new FreezableTcpProxy("127.0.0.1", server.port());
    }

    @AfterAll
    static void stopServer() throws Exception {
        link.close();
        server.close();
    }

    @BeforeEach
    void open() {
        bucket = server.createBucket("copier-" + buckets.incrementAndGet());
        from = new LocalConnector(new LocalSettings(source, false, false));
        to = S3Connector.create(server.settings(bucket, "rec", URI.create("http://127.0.0.1:" + link.port()), 5L << 20, 4));
    }

    @AfterEach
    void close() {
        to.close();
        from.close();
    }

    FileRef atSource(byte[] bytes) throws Exception {
        Path f = source.resolve(path.value());
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
        return new FileRef(path, bytes.length, Sha256.of(bytes));
    }

    void atTarget(byte[] bytes) {
        server.admin().putObject(b -> b.bucket(bucket).key("rec/" + path.value()),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
    }

    Path stored() {
        return server.bucketDirectory(bucket).resolve("rec/" + path.value());
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void theFirstCopyProvesOnceThatTheServerRefusesToReplaceAndLeavesNoProbe() throws Exception {
        FileRef ref = atSource(bytes(1_000, 5));
        long before = link.turns();
        assertThat(FileCopier.copy(from, to, ref)).isEqualTo(new FileCopier.Result.Copied(1_000));
        // PUT probe, PUT it again (refused: 412), DELETE it; then the copy's PUT.
        assertThat(link.turns() - before).as("turns through the relay for the probe and the first copy").isEqualTo(8);
        assertThat(to.refusesTakenNameInPut()).isTrue();
        try (var files = Files.walk(server.bucketDirectory(bucket))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> server.bucketDirectory(bucket).relativize(p).toString()))
                    .as("objects in the bucket").containsExactly("rec/" + path.value());
        }
        assertThat(link.turns() - before).as("the probe runs once per connector").isEqualTo(8);
    }

    @Test
    void aCopyIsOnePutAndItsAnswer() throws Exception {
        byte[] audio = bytes(256 * 1024, 1);
        FileRef ref = atSource(audio);
        assertThat(to.refusesTakenNameInPut()).as("s3proxy enforces If-None-Match (the probe)").isTrue();
        long before = link.turns();
        assertThat(FileCopier.copy(from, to, ref)).isEqualTo(new FileCopier.Result.Copied(audio.length));
        // Was 6: a HEAD to look (2), then a PUT with an Expect: 100-continue handshake (4).
        assertThat(link.turns() - before).as("turns through the relay for one 256 KiB copy").isEqualTo(2);
        assertThat(stored()).hasBinaryContent(audio);
        assertThat(to.stat(path).sha256()).contains(ref.sha256());
    }

    @Test
    void identicalBytesAlreadyThereCountAsPresent() throws Exception {
        byte[] audio = bytes(70_000, 2);
        FileRef ref = atSource(audio);
        atTarget(audio);
        assertThat(FileCopier.copy(from, to, ref)).isInstanceOf(FileCopier.Result.AlreadyPresent.class);
        assertThat(stored()).hasBinaryContent(audio);
    }

    @Test
    void otherBytesAlreadyThereStayAndAreReported() throws Exception {
        FileRef ref = atSource(bytes(70_000, 3));
        byte[] theirs = bytes(70_000, 4);
        atTarget(theirs);
        assertThat(FileCopier.copy(from, to, ref)).isEqualTo(new FileCopier.Result.Occupied(theirs.length, Sha256.of(theirs)));
        assertThat(stored()).hasBinaryContent(theirs);
    }
}
