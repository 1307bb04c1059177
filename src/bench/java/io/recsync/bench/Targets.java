package io.recsync.bench;

import io.recsync.peers.OpenSshServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The kinds of target a row copies to, each able to hand out fresh empty targets: what recsync's
 * job file says, what rclone's command line says, and the directory on this host where the copy
 * lands (to prove it).
 */
abstract class Targets implements AutoCloseable {

    /** One fresh, empty target. */
    record Target(String recsyncProfile, String rcloneDestination, Path onDisk, Runnable drop) {}

    final String name;
    final AtomicInteger counter = new AtomicInteger();

    Targets(String name) {
        this.name = name;
    }

    abstract Target newTarget(String label) throws Exception;

    /** Lines for rclone's config file (a section per remote), empty for local. */
    String rcloneConfig() {
        return "";
    }

    /** Work done once rclone's config file exists (e.g. finding out how rclone can prove copies). */
    void prepare(Path rcloneConfig, Path logs) throws Exception {}

    /** Environment recsync needs (secrets by reference). */
    Map<String, String> recsyncEnv() {
        return Map.of();
    }

    /** rclone's flags that say how it proves copies here, beside {@code --transfers}. */
    List<String> rcloneHashFlags() {
        return List.of("--checksum");
    }

    String rcloneHashMode() {
        return "--checksum (MD5 both sides)";
    }

    @Override
    public void close() throws Exception {}

    static Targets local(Path dir, boolean fsync) {
        return new Targets("local") {
            @Override
            Target newTarget(String label) throws IOException {
                Path d = Files.createDirectories(dir.resolve(label));
                return new Target("{ type: local, root: \"" + d + "\"" + (fsync ? "" : ", fsync: false") + " }", d.toString(), d,
                        () -> quietDelete(d));
            }
        };
    }

    static Targets sftp(Path work, int sessions) throws Exception {
        OpenSshServer server = OpenSshServer.start(work);
        return new Targets("sftp") {
            String hashMode;
            List<String> hashFlags;

            @Override
            Target newTarget(String label) throws IOException {
                Path d = Files.createDirectories(server.root().resolve(label));
                return new Target("{ type: sftp, host: " + server.host() + ", port: " + server.port() + ", username: "
                        + server.username() + ", privateKeyFile: \"" + server.clientKeyFile() + "\", root: \"" + d
                        + "\", knownHostsFile: \"" + server.knownHostsFile() + "\", maxSessions: " + sessions + " }",
                        "sftp:" + d, d, () -> quietDelete(d));
            }

            @Override
            String rcloneConfig() {
                return "[sftp]\ntype = sftp\nhost = " + server.host() + "\nport = " + server.port() + "\nuser = "
                        + server.username() + "\nkey_file = " + server.clientKeyFile() + "\nknown_hosts_file = "
                        + server.knownHostsFile() + "\n\n";
            }

            /**
             * rclone hashes over SFTP by running md5sum through an ssh exec channel per file, when the
             * server lets it. On this machine that costs 1-5 s per file (sshd starts a session and a
             * shell each time; 20 files: 21.6 s with --checksum, 0.95 s with --size-only), so by
             * default rclone runs --size-only here (no proof of content: in rclone's favour), and
             * -Dbench.rclone.sftpChecksum=true makes it --checksum when the probe shows it works.
             */
            @Override
            void prepare(Path config, Path logs) throws Exception {
                Path d = Files.createDirectories(server.root().resolve("hash-probe"));
                Files.writeString(d.resolve("probe.txt"), "probe\n");
                Timed t = Timed.run(List.of("rclone", "--config", config.toString(), "md5sum", "sftp:" + d), Map.of(),
                        List.of("AWS_CA_BUNDLE"), logs, "rclone-sftp-hash-probe");
                boolean works = t.exit() == 0 && t.out().matches("(?s)[0-9a-f]{32}\\s+probe\\.txt.*");
                boolean wanted = Boolean.getBoolean("bench.rclone.sftpChecksum");
                hashMode = works && wanted ? "--checksum (MD5 by md5sum over an ssh exec channel per file)"
                        : "--size-only --sftp-disable-hashcheck (" + (works ? "md5sum over ssh works but costs 1-5 s per file here;"
                                + " -Dbench.rclone.sftpChecksum=true to use it" : "no hash over this SFTP server") + ")";
                hashFlags = works && wanted ? List.of("--checksum") : List.of("--size-only", "--sftp-disable-hashcheck");
                quietDelete(d);
            }

            @Override
            List<String> rcloneHashFlags() {
                return hashFlags;
            }

            @Override
            String rcloneHashMode() {
                return hashMode;
            }

            @Override
            public void close() throws Exception {
                server.close();
            }
        };
    }

    /** s3proxy (filesystem store) in its own JVM on 127.0.0.1; one new bucket per target. */
    static Targets s3(Path work, Path logs) throws Exception {
        Path store = Files.createDirectories(work.resolve("store"));
        String key = "recsync-bench";
        String secret = "sk-" + UUID.randomUUID();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, StandaloneS3Proxy.class.getName(), store.toString(), key)
                .redirectError(logs.resolve("s3proxy.log").toFile());
        pb.environment().put("S3_SECRET", secret);
        Process proxy = pb.start();
        int port;
        try {
            port = readPort(proxy);
        } catch (Exception e) {
            proxy.destroyForcibly();
            throw new IOException("s3proxy did not start: see " + logs.resolve("s3proxy.log"), e);
        }
        S3Client admin = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret))).build();
        return new Targets("s3") {
            @Override
            Target newTarget(String label) {
                String bucket = label.toLowerCase().replaceAll("[^a-z0-9-]", "-") + "-" + counter.incrementAndGet();
                admin.createBucket(b -> b.bucket(bucket));
                return new Target("{ type: s3, bucket: " + bucket + ", prefix: recordings, endpoint: \"http://127.0.0.1:" + port
                        + "\", accessKeyId: \"${S3_ACCESS_KEY_ID}\", secretAccessKey: \"${S3_SECRET_ACCESS_KEY}\" }",
                        "s3:" + bucket + "/recordings", store.resolve(bucket).resolve("recordings"),
                        () -> quietDelete(store.resolve(bucket)));
            }

            @Override
            String rcloneConfig() {
                return "[s3]\ntype = s3\nprovider = Other\naccess_key_id = " + key + "\nsecret_access_key = " + secret
                        + "\nendpoint = http://127.0.0.1:" + port + "\nregion = us-east-1\nforce_path_style = true\n"
                        + "v2_auth = false\n\n";
            }

            @Override
            Map<String, String> recsyncEnv() {
                return Map.of("S3_ACCESS_KEY_ID", key, "S3_SECRET_ACCESS_KEY", secret);
            }

            @Override
            String rcloneHashMode() {
                return "--checksum (MD5: ETag of single-part PUTs, else rclone's md5 metadata)";
            }

            @Override
            public void close() throws Exception {
                admin.close();
                proxy.getOutputStream().close();
                if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
                    proxy.destroyForcibly();
                }
            }
        };
    }

    private static int readPort(Process p) throws IOException {
        InputStream in = p.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        String s = line.toString().trim();
        if (!s.startsWith("READY ")) {
            throw new IOException("unexpected s3proxy output: " + s);
        }
        return Integer.parseInt(s.substring(6));
    }

    static void quietDelete(Path p) {
        try {
            TreeCheck.delete(p);
        } catch (IOException e) {
            System.err.println("bench: could not delete " + p + ": " + e);
        }
    }

    static List<String> list(String... s) {
        return new ArrayList<>(List.of(s));
    }
}
