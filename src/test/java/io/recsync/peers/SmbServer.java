package io.recsync.peers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real Samba server ({@code /usr/sbin/smbd}) on 127.0.0.1 and a free port, with a private
 * configuration, password database, lock and state directories under one work directory (the
 * machine's own Samba setup is not touched). User {@code root} with a generated password, and
 * three shares:
 * <ul>
 *   <li>{@link #SHARE} ("recordings"): plain, with {@code vfs_catia} turning the characters SMB
 *       forbids in names (sent by recsync as Services-for-Macintosh private-use characters) back
 *       into the real ones on disk, as a NAS set up for Mac clients does;
 *   <li>{@link #ENCRYPTED_SHARE} ("secure"): the same, with {@code smb encrypt = required};
 *   <li>{@link #RAW_NAMES_SHARE} ("rawnames"): no catia, so those characters stay private-use on disk.
 * </ul>
 * {@link Options} make the whole server require signing, or stop at an older dialect. Without smbd
 * the tests are skipped, or fail when {@code CI=true}.
 *
 * <p>smbd is started in the foreground <em>without</em> {@code --no-process-group}: it then makes
 * its own session and process group, and its SIGTERM handler, which signals that whole group,
 * reaches only smbd's own processes. With {@code --no-process-group} it would signal the group of
 * the test JVM and Maven. Stopping signals the pid from {@code run/smbd.pid} only, never a group.
 */
public final class SmbServer implements AutoCloseable {

    public static final Path SMBD = Path.of("/usr/sbin/smbd");
    public static final Path SMBPASSWD = Path.of("/usr/bin/smbpasswd");
    public static final String SHARE = "recordings";
    public static final String ENCRYPTED_SHARE = "secure";
    public static final String RAW_NAMES_SHARE = "rawnames";
    /** A share the user may read but not write: a target whose root permissions are wrong. */
    public static final String READ_ONLY_SHARE = "readonly";
    public static final String USER = "root";
    /** Unix character : Windows character, the Services for Macintosh private-use mapping. */
    private static final String SFM_MAPPINGS = "0x22:0xf020,0x2a:0xf021,0x3a:0xf022,0x3c:0xf023,0x3e:0xf024,"
            + "0x3f:0xf025,0x5c:0xf026,0x7c:0xf027";

    /**
     * How this server differs from a current, default one.
     *
     * @param signingMandatory {@code server signing = mandatory}: every connection signs
     * @param maxProtocol {@code server max protocol}, e.g. {@code SMB2_10} for an old NAS without SMB 3
     */
    public record Options(boolean signingMandatory, String maxProtocol) {
        public static final Options DEFAULT = new Options(false, "SMB3");
    }

    private final Path dir;
    private final int port;
    private final Options options;
    private final String password = "pw-" + UUID.randomUUID();
    private Process process;

    private SmbServer(Path dir, int port, Options options) {
        this.dir = dir;
        this.port = port;
        this.options = options;
    }

    public static boolean installed() {
        return Files.isExecutable(SMBD) && Files.isExecutable(SMBPASSWD);
    }

    /** Skips the calling test when Samba is missing, unless {@code CI=true}: then it fails. */
    public static void requireInstalled() {
        LocalDaemons.requireInstalled(installed(), "Samba not found (" + SMBD + ", " + SMBPASSWD + "): install it with"
                + " 'apt-get install -y samba' to run the tests against a real SMB server");
    }

    /** Starts smbd with everything under {@code workDir}: SMB 2.0.2 to 3.1.1, signing as the client asks. */
    public static SmbServer start(Path workDir) throws IOException, InterruptedException {
        return start(workDir, Options.DEFAULT);
    }

    public static SmbServer start(Path workDir, Options options) throws IOException, InterruptedException {
        requireInstalled();
        SmbServer s = new SmbServer(workDir.toAbsolutePath(), LocalDaemons.freeLoopbackPort(), options);
        s.launch();
        return s;
    }

    private void launch() throws IOException, InterruptedException {
        for (String sub : List.of("run", "lock", "state", "cache", "private", "ncalrpc", "binddns", "log")) {
            Files.createDirectories(dir.resolve(sub));
        }
        for (String share : List.of(SHARE, ENCRYPTED_SHARE, RAW_NAMES_SHARE, READ_ONLY_SHARE)) {
            Files.createDirectories(shareDirectory(share));
        }
        Path conf = config();
        addUser(conf);
        process = new ProcessBuilder(SMBD.toString(), "--foreground", "--debug-stdout", "-s", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("smbd.log").toFile())
                .start();
        if (!LocalDaemons.listens(process, port, Duration.ofSeconds(15), "smbd", this::log)) {
            close();
            throw new IOException("smbd did not listen on port " + port + " within 15 s: " + log());
        }
    }

    private Path config() throws IOException {
        String global = String.join("\n",
                "[global]",
                "   server role = standalone server",
                "   interfaces = 127.0.0.1 ::1",
                "   bind interfaces only = yes",
                "   smb ports = " + port,
                "   disable netbios = yes",
                "   server min protocol = SMB2_02",
                "   server max protocol = " + options.maxProtocol(),
                "   server signing = " + (options.signingMandatory() ? "mandatory" : "default"),
                "   pid directory = " + dir.resolve("run"),
                "   lock directory = " + dir.resolve("lock"),
                "   state directory = " + dir.resolve("state"),
                "   cache directory = " + dir.resolve("cache"),
                "   private dir = " + dir.resolve("private"),
                "   ncalrpc dir = " + dir.resolve("ncalrpc"),
                "   binddns dir = " + dir.resolve("binddns"),
                "   passdb backend = tdbsam:" + dir.resolve("private/passdb.tdb"),
                "   log file = " + dir.resolve("log/log.%m"),
                "   log level = 1",
                "   map to guest = never",
                "   load printers = no",
                "   printing = bsd",
                "   printcap name = /dev/null",
                "   disable spoolss = yes",
                "");
        String shares = share(SHARE, true, "") + share(ENCRYPTED_SHARE, true, "   smb encrypt = required\n")
                + share(RAW_NAMES_SHARE, false, "") + share(READ_ONLY_SHARE, true, "   read only = yes\n");
        return Files.writeString(dir.resolve("smb.conf"), global + shares);
    }

    private String share(String name, boolean catia, String extra) {
        return "[" + name + "]\n"
                + "   path = " + shareDirectory(name) + "\n"
                + "   read only = no\n"
                + "   valid users = " + USER + "\n"
                + (catia ? "   vfs objects = catia\n   catia:mappings = " + SFM_MAPPINGS + "\n" : "")
                + extra;
    }

    /** A user in the private password database only; /etc/passwd already has root. */
    private void addUser(Path conf) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(SMBPASSWD.toString(), "-c", conf.toString(), "-s", "-a", USER)
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((password + "\n" + password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("smbpasswd -a " + USER + " failed: " + out);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** The directory on disk behind a share. */
    public Path shareDirectory(String share) {
        return dir.resolve("shares").resolve(share);
    }

    /** Per-client smbd processes: one for each client connection open right now. */
    public List<ProcessHandle> connectionProcesses() {
        return masterPid().flatMap(ProcessHandle::of)
                .map(master -> master.children().filter(SmbServer::servesAClient).toList())
                .orElse(List.of());
    }

    public int connections() {
        return connectionProcesses().size();
    }

    /**
     * Kills the per-client smbd processes (not the listener nor its helpers): every client sees its
     * connection drop, as on a network failure.
     */
    public void dropConnections() {
        List<ProcessHandle> children = connectionProcesses();
        children.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : children) {
            h.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> h).join();
        }
    }

    /** smbd names its helpers (smbd-notifyd, cleanupd, ...); a client's process keeps the plain name. */
    private static boolean servesAClient(ProcessHandle h) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(h.pid()), "comm")).strip().equals("smbd");
        } catch (IOException gone) {
            return false;
        }
    }

    private Optional<Long> masterPid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(dir.resolve("run/smbd.pid")).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public String log() throws IOException {
        Path log = dir.resolve("smbd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGTERM to the pid in run/smbd.pid, SIGKILL if it lingers; never a process group. */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        ProcessHandle master = masterPid().flatMap(ProcessHandle::of).orElse(process.toHandle());
        List<ProcessHandle> children = master.descendants().toList();
        master.destroy();
        if (!master.onExit().completeOnTimeout(master, 5, TimeUnit.SECONDS).thenApply(h -> !h.isAlive()).join()) {
            master.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process.waitFor(5, TimeUnit.SECONDS);
        process = null;
    }
}
