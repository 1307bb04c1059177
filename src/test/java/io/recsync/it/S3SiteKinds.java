package io.recsync.it;

import io.recsync.peers.S3ProxyServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** S3 sites for cross-kind tests: one bucket per site on an in-process s3proxy, keys by reference. */
final class S3SiteKinds {

    private S3SiteKinds() {}

    static SiteKind s3proxy(Path work) throws Exception {
        S3ProxyServer server = S3ProxyServer.start(work);
        AtomicInteger buckets = new AtomicInteger();
        Map<String, String> bucketOf = new java.util.concurrent.ConcurrentHashMap<>();
        return new SiteKind.OnServer("s3", server.port(), work.resolve("s3"), server) {
            @Override
            public String newSite(String label) {
                String bucket = server.createBucket(label.toLowerCase() + "-" + buckets.incrementAndGet());
                bucketOf.put(label, bucket);
                return "{ type: s3, bucket: " + bucket + ", prefix: recordings, endpoint: \"http://127.0.0.1:" + port
                        + "\", accessKeyId: \"${S3_ACCESS_KEY_ID}\", secretAccessKey: \"${S3_SECRET_ACCESS_KEY}\"" + extra + " }";
            }

            @Override
            protected Path siteDirectory(String label) {
                return server.bucketDirectory(bucketOf.get(label)).resolve("recordings");
            }

            @Override
            public List<String> openUploads() {
                return server.admin().listBuckets().buckets().stream()
                        .flatMap(b -> server.openUploads(b.name()).stream().map(u -> b.name() + "/" + u.key()))
                        .toList();
            }

            @Override
            public Map<String, String> env() {
                return Map.of("S3_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "S3_SECRET_ACCESS_KEY", server.secretKey());
            }
        };
    }
}
