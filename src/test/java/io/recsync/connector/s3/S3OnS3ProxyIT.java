package io.recsync.connector.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.config.Secret;
import io.recsync.connector.AccessDeniedException;
import io.recsync.connector.ChecksumMismatchException;
import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorContract;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TransientStorageException;
import io.recsync.connector.WriteMode;
import io.recsync.peers.FreezableTcpProxy;
import io.recsync.peers.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared connector contract against s3proxy (reached through a TCP proxy the test can cut),
 * plus what only S3 has: the server-verified SHA-256 on HEAD, multipart uploads that are never left
 * open, and a key prefix that confines the site.
 */
class S3OnS3ProxyIT extends ConnectorContract {

    static final long THRESHOLD = 5 * 1024 * 1024;

    @TempDir
    static Path work;
    static S3ProxyServer server;
    static FreezableTcpProxy link;
    static final AtomicInteger buckets = new AtomicInteger();
    String bucket;

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

    @Override
    protected Connector newConnector() {
        bucket = server.createBucket("site-" + buckets.incrementAndGet());
        return S3Connector.create(settings(bucket, "recordings/hq", URI.create("http://127.0.0.1:" + link.port())));
    }

    static S3Settings settings(String bucket, String prefix, URI endpoint) {
        return new S3Settings(bucket, prefix, "us-east-1", endpoint, true, new Secret(S3ProxyServer.ACCESS_KEY),
                new Secret(server.secretKey()), null, null, null, null, null, THRESHOLD, THRESHOLD,
                Duration.ofSeconds(5), Duration.ofSeconds(30), 8);
    }

    @Override
    protected long multipartThreshold() {
        return THRESHOLD;
    }

    @Override
    protected Optional<Path> backingDirectory() {
        return Optional.of(server.bucketDirectory(bucket));
    }

    @Override
    protected void breakConnection(Connector c) {
        link.freeze();
        link.thaw(); // drops every pooled connection the client holds
    }

    @Override
    protected void plant(String relative, byte[] data) {
        server.admin().putObject(b -> b.bucket(bucket).key("recordings/hq/" + relative),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(data));
    }

    @AfterEach
    void noUploadIsLeftOpen() {
        assertThat(server.openUploads(bucket)).as("open multipart uploads in " + bucket).isEmpty();
    }

    @Test
    void statReportsTheSha256TheServerVerified() {
        byte[] data = bytes(70_000, 5);
        putBytes("tenant/call.wav", data);
        ObjectInfo info = connector.stat(StoragePath.of("tenant/call.wav"));
        assertThat(info.sha256()).contains(Sha256.of(data));
        assertThat(((S3Connector) connector).storedSha256(StoragePath.of("tenant/call.wav"))).contains(Sha256.of(data));
    }

    @Test
    void objectsLiveUnderThePrefixAndNothingOutsideItIsListed() {
        putBytes("a/1.wav", bytes(10, 1));
        server.admin().putObject(b -> b.bucket(bucket).key("recordings/other/x.wav"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("not this site"));
        server.admin().putObject(b -> b.bucket(bucket).key("recordings/hq/folder-marker/"),
                software.amazon.awssdk.core.sync.RequestBody.empty());
        assertThat(server.admin().headObject(b -> b.bucket(bucket).key("recordings/hq/a/1.wav")).contentLength())
                .isEqualTo(10);
        try (var s = connector.walk(StoragePath.ROOT)) {
            assertThat(s.map(o -> o.path().value()).toList()).containsExactly("a/1.wav");
        }
    }

    @Test
    void aMultipartPutWithAWrongChecksumIsAbortedAndLeavesNoUpload() {
        byte[] data = bytes((int) THRESHOLD * 2 + 17, 8);
        StoragePath p = StoragePath.of("big/wrong.wav");
        assertThatThrownBy(() -> connector.put(p, new ByteArrayInputStream(data), data.length,
                Sha256.of(new byte[] {7}), WriteMode.CREATE_NEW)).isInstanceOf(ChecksumMismatchException.class);
        assertNothingAt(p);
        assertThat(server.openUploads(bucket)).isEmpty();
    }

    @Test
    void anUploadLeftOpenByAKilledRunIsAbortedByTheNextPutOfThatName() {
        String key = "recordings/hq/big/left-open.wav";
        server.admin().createMultipartUpload(b -> b.bucket(bucket).key(key));
        assertThat(server.openUploads(bucket)).hasSize(1);
        byte[] data = bytes((int) THRESHOLD + 1, 9);
        putBytes("big/left-open.wav", data);
        assertThat(server.openUploads(bucket)).isEmpty();
    }

    @Test
    void aMultipartPutWhoseSourceFailsMidwayAbortsTheUpload() {
        byte[] data = bytes((int) THRESHOLD * 2 + 5, 10);
        StoragePath p = StoragePath.of("big/broken-source.wav");
        assertThatThrownBy(() -> connector.put(p, new FailingInputStream(data, (int) THRESHOLD + 100), data.length,
                Sha256.of(data), WriteMode.CREATE_NEW)).isInstanceOf(RuntimeException.class);
        assertNothingAt(p);
        assertThat(server.openUploads(bucket)).isEmpty();
    }

    // --- what an operator gets wrong ---------------------------------------------------------

    @Test
    void aWrongSecretKeyIsAccessDeniedAndTheMessageHoldsNoSecret() {
        S3Settings good = settings(bucket, "", server.endpoint());
        String wrongSecret = "wrong-" + server.secretKey();
        S3Settings bad = new S3Settings(bucket, "", "us-east-1", server.endpoint(), true, good.accessKeyId(),
                new Secret(wrongSecret), null, null, null, null, null, THRESHOLD, THRESHOLD, Duration.ofSeconds(5),
                Duration.ofSeconds(30), 2);
        try (S3Connector c = S3Connector.create(bad)) {
            assertThatThrownBy(() -> c.put(StoragePath.of("x.wav"), new ByteArrayInputStream(new byte[] {1}), 1,
                    Sha256.of(new byte[] {1}), WriteMode.CREATE_NEW))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining(bucket)
                    .hasMessageContaining("check the credentials")
                    .hasMessageNotContaining(wrongSecret)
                    .hasMessageNotContaining(server.secretKey());
        }
    }

    @Test
    void aMissingBucketIsNamedWithWhatToDo() {
        try (S3Connector c = S3Connector.create(settings("no-such-bucket", "", server.endpoint()))) {
            assertThatThrownBy(() -> c.put(StoragePath.of("x.wav"), new ByteArrayInputStream(new byte[] {1}), 1,
                    Sha256.of(new byte[] {1}), WriteMode.CREATE_NEW))
                    .isInstanceOf(PermanentStorageException.class)
                    .hasMessageContaining("s3://no-such-bucket")
                    .hasMessageContaining("the bucket does not exist");
        }
    }

    @Test
    void anUnreachableEndpointIsTransient() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (S3Connector c = S3Connector.create(settings(bucket, "", URI.create("http://127.0.0.1:" + closedPort)))) {
            assertThatThrownBy(() -> c.stat(StoragePath.of("x.wav")))
                    .isInstanceOf(TransientStorageException.class)
                    .hasMessageContaining("connection problem");
        }
    }
}
