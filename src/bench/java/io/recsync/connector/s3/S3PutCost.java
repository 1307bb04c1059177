package io.recsync.connector.s3;

import io.recsync.config.Secret;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CPU of recsync's S3 PUT alone: {@code count} objects of {@code kib} KiB put through
 * {@link S3Connector} by {@code threads} threads against an S3 server at {@code endpoint} (e.g.
 * {@code StandaloneS3Proxy} in a JVM of its own), in this JVM from its start, so class loading and
 * JIT count as they do in a run. Prints the process CPU of the first batch (cold) and of a second
 * one (warm). Arguments: endpoint bucket count kib threads; keys in S3_ACCESS_KEY_ID and S3_SECRET.
 */
public final class S3PutCost {

    private S3PutCost() {}

    public static void main(String[] args) throws Exception {
        long t0 = cpu();
        URI endpoint = URI.create(args[0]);
        String bucket = args[1];
        int count = Integer.parseInt(args[2]);
        int kib = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        S3Settings s = new S3Settings(bucket, "p", "us-east-1", endpoint, true, new Secret(System.getenv("S3_ACCESS_KEY_ID")),
                new Secret(System.getenv("S3_SECRET")), null, null, null, null, null, 64L << 20, 64L << 20,
                Duration.ofSeconds(5), Duration.ofSeconds(30), threads);
        byte[][] data = new byte[16][kib << 10];
        String[] sha = new String[data.length];
        Random r = new Random(1);
        for (int i = 0; i < data.length; i++) {
            r.nextBytes(data[i]);
            sha[i] = Sha256.of(data[i]);
        }
        try (software.amazon.awssdk.services.s3.S3Client admin = S3Clients.create(s)) {
            admin.createBucket(b -> b.bucket(bucket));
        }
        long t1 = cpu();
        try (S3Connector c = S3Connector.create(s)) {
            c.refusesTakenNameInPut();
            long t2 = cpu();
            long w0 = System.nanoTime();
            batch(c, "cold", count, threads, data, sha);
            long t3 = cpu();
            long w1 = System.nanoTime();
            batch(c, "warm", count, threads, data, sha);
            long t4 = cpu();
            long w2 = System.nanoTime();
            System.out.printf("RESULT setup %.0f ms, client+probe %.0f ms, cold %.3f ms/put (%.1f s wall), warm %.3f ms/put (%.1f s wall)%n",
                    (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6 / count, (w1 - w0) / 1e9, (t4 - t3) / 1e6 / count,
                    (w2 - w1) / 1e9);
        }
    }

    private static void batch(S3Connector c, String tag, int count, int threads, byte[][] data, String[] sha) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        Future<?>[] fs = new Future<?>[threads];
        for (int t = 0; t < threads; t++) {
            fs[t] = pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    int d = i % data.length;
                    c.put(StoragePath.of(tag + "/" + i + ".wav"), new ByteArrayInputStream(data[d]), data[d].length, sha[d],
                            WriteMode.CREATE_NEW);
                }
                return null;
            });
        }
        try {
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
