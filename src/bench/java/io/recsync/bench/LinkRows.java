package io.recsync.bench;

import io.recsync.peers.DelayProxy;
import io.recsync.peers.OpenSshServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Over a long link: local to SFTP (the real OpenSSH server, {@code internal-sftp}) and local to S3
 * (s3proxy in its own JVM), each tool through the same {@link DelayProxy} (20 ms each way by
 * default), at 4 and 16 connections: recsync's {@code transfer.parallel} and {@code maxSessions}
 * / {@code maxConnections}, rclone's {@code --transfers} and {@code --checkers}. The proxy counts the
 * turns of each run.
 */
final class LinkRows {

    private final BenchRun b;
    private final int count = Integer.getInteger("bench.link.count", 500);
    private final long audioBytes = Long.getLong("bench.link.kib", 256) << 10;
    private final long delayMs = Long.getLong("bench.link.delayMs", 20);
    private final List<Integer> connections = List.of(System.getProperty("bench.link.connections", "4,16").split(",")).stream()
            .map(String::trim).map(Integer::valueOf).toList();
    private final List<String> kinds = List.of(System.getProperty("bench.link.kinds", "sftp,s3").split(","));

    LinkRows(BenchRun b) {
        this.b = b;
    }

    void run() throws Exception {
        if (count <= 0) {
            return;
        }
        Path source = b.work.resolve("source-link");
        SyntheticArchive.Stats stats = SyntheticArchive.generate(source, b.seed, count, audioBytes);
        try {
            if (kinds.contains("sftp")) {
                sftp(source, stats);
            }
            if (kinds.contains("s3")) {
                s3(source, stats);
            }
        } finally {
            Scratch.quietDelete(source);
        }
    }

    private String row(String kind, int conns, SyntheticArchive.Stats stats) {
        return String.format(Locale.ROOT, "%s through a %d ms RTT proxy, %d x %d KiB, %d connections", kind, 2 * delayMs,
                stats.recordings(), audioBytes >> 10, conns);
    }

    private void sftp(Path source, SyntheticArchive.Stats stats) throws Exception {
        OpenSshServer.requireInstalled();
        try (OpenSshServer server = OpenSshServer.start(Files.createDirectories(b.work.resolve("sshd")));
                DelayProxy proxy = new DelayProxy(server.host(), server.port(), delayMs)) {
            // The host key is the server's; only the port differs.
            Path knownHosts = b.work.resolve("sshd-proxy-known_hosts");
            Files.writeString(knownHosts, server.knownHostsLine().replace("]:" + server.port() + " ", "]:" + proxy.port() + " ") + "\n");
            b.addRcloneRemote("[sftpdelay]\ntype = sftp\nhost = " + server.host() + "\nport = " + proxy.port() + "\nuser = "
                    + server.username() + "\nkey_file = " + server.clientKeyFile() + "\nknown_hosts_file = " + knownHosts + "\n\n");
            for (int conns : connections) {
                String row = row("local -> SFTP (OpenSSH)", conns, stats);
                List<Timed> rs = new ArrayList<>();
                List<Timed> rc = new ArrayList<>();
                List<Double> rsTurns = new ArrayList<>();
                List<Double> rcTurns = new ArrayList<>();
                for (int i = 0; i < b.runs; i++) {
                    String tag = "sftp-" + conns + "-" + i;
                    Path target = Files.createDirectories(server.root().resolve("recsync-" + tag));
                    String connector = "{ type: sftp, host: " + server.host() + ", port: " + proxy.port() + ", username: "
                            + server.username() + ", privateKeyFile: \"" + server.clientKeyFile() + "\", root: \"" + target
                            + "\", knownHostsFile: \"" + knownHosts + "\", maxSessions: " + conns + " }";
                    Path job = b.writeJob("link-" + tag, source, BenchRun.scanManifest(), connector, conns);
                    Path home = b.work.resolve("home-" + tag);
                    DelayProxy.Counts before = proxy.counts();
                    rs.add(b.recsyncSync(tag, job, home, Map.of(), stats.recordings()));
                    rsTurns.add(proxy.counts().minus(before).turns() / (double) stats.files());
                    TreeCheck.assertSame(source, target, "recsync " + tag);
                    Scratch.quietDelete(target);
                    Scratch.quietDelete(home);
                    Path rt = Files.createDirectories(server.root().resolve("rclone-" + tag));
                    before = proxy.counts();
                    // rclone can prove SFTP copies only by running md5sum over an ssh exec channel per
                    // file (1-5 s each here): it runs --size-only, which is in its favour.
                    rc.add(b.rclone(tag, List.of("copy", source.toString(), "sftpdelay:" + rt, "--transfers", String.valueOf(conns),
                            "--checkers", String.valueOf(conns), "--size-only", "--sftp-disable-hashcheck"), null));
                    rcTurns.add(proxy.counts().minus(before).turns() / (double) stats.files());
                    TreeCheck.assertSame(source, rt, "rclone " + tag);
                    Scratch.quietDelete(rt);
                }
                b.table.add(new Table.Line(row, "recsync sync, maxSessions " + conns, stats.files(), rs, rsTurns, ""));
                b.table.add(new Table.Line(row, "rclone copy --transfers/--checkers " + conns, stats.files(), rc, rcTurns,
                        "--size-only --sftp-disable-hashcheck: no content proof"));
            }
        }
    }

    private void s3(Path source, SyntheticArchive.Stats stats) throws Exception {
        Path dir = Files.createDirectories(b.work.resolve("s3"));
        Path store = Files.createDirectories(dir.resolve("store"));
        String key = "recsync-bench";
        String secret = "sk-" + UUID.randomUUID();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                StandaloneS3Proxy.class.getName(), store.toString(), key).redirectError(b.logs.resolve("s3proxy.log").toFile());
        pb.environment().put("S3_SECRET", secret);
        Process s3proxy = pb.start();
        try {
            int port = Scratch.readPort(s3proxy);
            try (DelayProxy proxy = new DelayProxy("127.0.0.1", port, delayMs);
                    S3Client admin = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).forcePathStyle(true)
                            .region(Region.US_EAST_1)
                            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret))).build()) {
                String endpoint = "http://127.0.0.1:" + proxy.port();
                b.addRcloneRemote("[s3delay]\ntype = s3\nprovider = Other\naccess_key_id = " + key + "\nsecret_access_key = " + secret
                        + "\nendpoint = " + endpoint + "\nregion = us-east-1\nforce_path_style = true\nv2_auth = false\n\n");
                Map<String, String> env = Map.of("S3_ACCESS_KEY_ID", key, "S3_SECRET_ACCESS_KEY", secret);
                for (int conns : connections) {
                    String row = row("local -> S3 (s3proxy)", conns, stats);
                    List<Timed> rs = new ArrayList<>();
                    List<Timed> rc = new ArrayList<>();
                    List<Double> rsTurns = new ArrayList<>();
                    List<Double> rcTurns = new ArrayList<>();
                    for (int i = 0; i < b.runs; i++) {
                        String tag = "s3-" + conns + "-" + i;
                        String bucket = "recsync-" + tag;
                        admin.createBucket(r -> r.bucket(bucket));
                        String connector = "{ type: s3, bucket: " + bucket + ", prefix: recordings, endpoint: \"" + endpoint
                                + "\", accessKeyId: \"${S3_ACCESS_KEY_ID}\", secretAccessKey: \"${S3_SECRET_ACCESS_KEY}\", maxConnections: "
                                + conns + " }";
                        Path job = b.writeJob("link-" + tag, source, BenchRun.scanManifest(), connector, conns);
                        Path home = b.work.resolve("home-" + tag);
                        DelayProxy.Counts before = proxy.counts();
                        rs.add(b.recsyncSync(tag, job, home, env, stats.recordings()));
                        rsTurns.add(proxy.counts().minus(before).turns() / (double) stats.files());
                        TreeCheck.assertSame(source, store.resolve(bucket).resolve("recordings"), "recsync " + tag);
                        Scratch.quietDelete(store.resolve(bucket));
                        Scratch.quietDelete(home);
                        String rb = "rclone-" + tag;
                        admin.createBucket(r -> r.bucket(rb));
                        before = proxy.counts();
                        rc.add(b.rclone(tag, List.of("copy", source.toString(), "s3delay:" + rb + "/recordings", "--transfers",
                                String.valueOf(conns), "--checkers", String.valueOf(conns), "--checksum"), null));
                        rcTurns.add(proxy.counts().minus(before).turns() / (double) stats.files());
                        TreeCheck.assertSame(source, store.resolve(rb).resolve("recordings"), "rclone " + tag);
                        Scratch.quietDelete(store.resolve(rb));
                    }
                    b.table.add(new Table.Line(row, "recsync sync, maxConnections " + conns, stats.files(), rs, rsTurns, ""));
                    b.table.add(new Table.Line(row, "rclone copy --checksum --transfers/--checkers " + conns, stats.files(), rc,
                            rcTurns, ""));
                }
            }
        } finally {
            s3proxy.getOutputStream().close();
            if (!s3proxy.waitFor(10, TimeUnit.SECONDS)) {
                s3proxy.destroyForcibly();
            }
            Scratch.quietDelete(dir);
        }
    }
}
