package io.recsync.peers;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * s3proxy in-process on 127.0.0.1, a random port, storing buckets as directories under one work
 * directory (so a test can look at what is on "disk"). SigV4 with a generated key pair. A second
 * S3 client of the test's own (not recsync's) answers questions a user would ask the bucket:
 * which multipart uploads are still open.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "recsync-test";

    private final S3Proxy proxy;
    private final Path root;
    private final String secret = "sk-" + UUID.randomUUID();
    private final S3Client admin;

    private S3ProxyServer(Path workDir) throws Exception {
        this(workDir, true);
    }

    private S3ProxyServer(Path workDir, boolean ignoreUnknownHeaders) throws Exception {
        root = Files.createDirectories(workDir.resolve("s3"));
        proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(root.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, secret)
                // The SDK sends headers s3proxy does not know (x-amz-sdk-checksum-algorithm, ...).
                .ignoreUnknownHeaders(ignoreUnknownHeaders)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                proxy.stop();
                throw new IllegalStateException("s3proxy did not start within 10 s (state " + proxy.getState() + ")");
            }
            Thread.sleep(10);
        }
        admin = S3Client.builder()
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secret)))
                .build();
    }

    public static S3ProxyServer start(Path workDir) throws Exception {
        return new S3ProxyServer(workDir);
    }

    /**
     * With {@code ignoreUnknownHeaders} false, s3proxy answers 501 to a request carrying a header
     * it does not implement (as it does to the SDK's multipart size header) instead of dropping it.
     */
    public static S3ProxyServer start(Path workDir, boolean ignoreUnknownHeaders) throws Exception {
        return new S3ProxyServer(workDir, ignoreUnknownHeaders);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public int port() {
        return proxy.getPort();
    }

    public String secretKey() {
        return secret;
    }

    /** A new, empty bucket; its objects live in {@link #bucketDirectory}. */
    public String createBucket(String name) {
        admin.createBucket(b -> b.bucket(name));
        return name;
    }

    public Path bucketDirectory(String bucket) {
        return root.resolve(bucket);
    }

    /** Multipart uploads started and neither completed nor aborted: storage nobody sees but the bill. */
    public List<MultipartUpload> openUploads(String bucket) {
        return admin.listMultipartUploads(b -> b.bucket(bucket)).uploads();
    }

    public S3Client admin() {
        return admin;
    }

    @Override
    public void close() throws Exception {
        admin.close();
        proxy.stop();
    }

    /**
     * The settings of an S3 site in {@code bucket} on this server through {@code endpoint} (the
     * server itself or a proxy before it): this server's keys, path-style, region us-east-1.
     */
    public io.recsync.connector.s3.S3Settings settings(String bucket, String prefix, URI endpoint, long multipartThreshold,
            int maxConnections) {
        return new io.recsync.connector.s3.S3Settings(bucket, prefix, "us-east-1", endpoint, true,
                new io.recsync.config.Secret(ACCESS_KEY), new io.recsync.config.Secret(secretKey()), null, null, null, null,
                null, multipartThreshold, multipartThreshold, java.time.Duration.ofSeconds(5),
                java.time.Duration.ofSeconds(30), maxConnections);
    }
}
