package io.recsync.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Debian OpenSSH server ({@code /usr/sbin/sshd}) on 127.0.0.1 and a free port, with a
 * private config: a generated ed25519 host key, public-key login only for the user running the
 * tests, {@code internal-sftp}. JSch problems (key formats, algorithms, posix-rename) show against
 * it and not against MINA. Without sshd the tests are skipped, or fail when {@code CI=true}.
 */
public final class OpenSshServer implements AutoCloseable {

    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    public static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");
    private static final String PASSPHRASE = "correct horse battery staple";

    private final Path dir;
    private final Path root;
    private final int port;
    private Process process;

    private OpenSshServer(Path dir, int port) throws IOException {
        this.dir = dir;
        this.root = Files.createDirectories(dir.resolve("root"));
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(SSHD) && Files.isExecutable(SSH_KEYGEN);
    }

    /** Skips the calling test when OpenSSH is missing, unless {@code CI=true}: then it fails. */
    public static void requireInstalled() {
        LocalDaemons.requireInstalled(installed(), "OpenSSH server not found (" + SSHD + ", " + SSH_KEYGEN + "): install it"
                + " with 'apt-get install -y openssh-server' to run the tests against a real SFTP server");
    }

    /** Starts sshd with everything (keys, config, log, SFTP root {@code workDir/root}) under {@code workDir}. */
    public static OpenSshServer start(Path workDir) throws IOException, InterruptedException {
        requireInstalled();
        OpenSshServer s = new OpenSshServer(workDir.toAbsolutePath(), LocalDaemons.freeLoopbackPort());
        s.launch();
        return s;
    }

    private void launch() throws IOException, InterruptedException {
        Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory sshd insists on
        keygen("host_ed25519", "");
        keygen("client_ed25519", "");
        keygen("client_encrypted_ed25519", PASSPHRASE);
        Files.writeString(dir.resolve("authorized_keys"), Files.readString(dir.resolve("client_ed25519.pub"))
                + Files.readString(dir.resolve("client_encrypted_ed25519.pub")));
        Files.writeString(knownHostsFile(), knownHostsLine() + "\n");
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "ListenAddress 127.0.0.1",
                "Port " + port,
                "HostKey " + dir.resolve("host_ed25519"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "Subsystem sftp internal-sftp",
                "MaxStartups 64",
                "LogLevel VERBOSE",
                ""));
        startProcess();
    }

    private void startProcess() throws IOException, InterruptedException {
        Path config = dir.resolve("sshd_config");
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
                .start();
        if (!LocalDaemons.listens(process, port, Duration.ofSeconds(10), "sshd", this::log)) {
            close();
            throw new IOException("sshd did not listen on port " + port + " within 10 s: " + log());
        }
    }

    private void keygen(String name, String passphrase) throws IOException, InterruptedException {
        run(SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", passphrase, "-C", "recsync-test-" + name, "-f",
                dir.resolve(name).toString());
    }

    private String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** sshd logs in only the user it runs as (root here), so that is the SFTP user. */
    public String username() {
        return System.getProperty("user.name");
    }

    /** The directory recsync uses as site root (absolute: sshd has no chroot here). */
    public Path root() {
        return root;
    }

    public Path clientKeyFile() {
        return dir.resolve("client_ed25519");
    }

    public Path encryptedClientKeyFile() {
        return dir.resolve("client_encrypted_ed25519");
    }

    public String encryptedClientKeyPassphrase() {
        return PASSPHRASE;
    }

    public Path knownHostsFile() {
        return dir.resolve("known_hosts");
    }

    /** {@code [127.0.0.1]:port ssh-ed25519 AAAA... comment} */
    public String knownHostsLine() throws IOException {
        return "[" + host() + "]:" + port + " " + Files.readString(dir.resolve("host_ed25519.pub")).strip();
    }

    /** As {@code ssh-keygen -lf} prints it: {@code SHA256:...}. */
    public String hostKeyFingerprint() throws IOException {
        try {
            String line = run(SSH_KEYGEN.toString(), "-l", "-E", "sha256", "-f", dir.resolve("host_ed25519.pub").toString());
            return line.trim().split("\\s+")[1];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Client connections open right now (one sshd process tree each). */
    public int connections() {
        return (int) process.children().count();
    }

    /** Kills the per-connection sshd processes (not the listener): every client sees its link drop. */
    public void dropConnections() throws InterruptedException {
        // The whole tree: with privilege separation the socket lives in more than one process.
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        children.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : children) {
            h.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> h).join();
        }
    }

    /**
     * Stops the server, connections and listener: clients see their links drop and new connections
     * refused, as when the host goes away. {@link #restart()} brings it back on the same port.
     */
    public void stop() throws InterruptedException {
        close();
        process = null;
    }

    /** Starts the stopped server again, same port, keys and config. */
    public void restart() throws IOException, InterruptedException {
        startProcess();
    }

    public String log() throws IOException {
        Path log = dir.resolve("sshd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
