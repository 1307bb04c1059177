package io.recsync.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * s3proxy in a JVM of its own, so that the S3 server's CPU is not counted inside the measured
 * recsync process. Arguments: storage directory, access key; the secret is read from the
 * environment ({@code S3_SECRET}) so it is never on a command line. Prints {@code READY <port>}
 * once it listens and stops when its standard input closes (the parent died or is done).
 */
public final class StandaloneS3Proxy {

    private StandaloneS3Proxy() {}

    public static void main(String[] args) throws Exception {
        Path root = Files.createDirectories(Path.of(args[0]));
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(root.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, args[1], System.getenv("S3_SECRET"))
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                System.err.println("s3proxy did not start within 20 s (state " + proxy.getState() + ")");
                System.exit(1);
            }
            Thread.sleep(10);
        }
        System.out.println("READY " + proxy.getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for EOF
        }
        proxy.stop();
        System.exit(0);
    }
}
