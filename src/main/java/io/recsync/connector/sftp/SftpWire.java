package io.recsync.connector.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.ChannelSubsystem;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The few SFTP (version 3) requests of a put, spoken on an SFTP channel of its own so that several
 * can be in flight at once: JSch's {@link ChannelSftp} waits for each answer before it sends the
 * next request, and over a long link every wait is a round trip. Requests are buffered and leave
 * together at {@link #flush()}; answers are matched to requests by id.
 *
 * <p>Status answers become {@link SftpException}s with the server's code and no cause, exactly as
 * JSch reports them, so {@link SftpErrors} types them the same way; a broken stream is an
 * {@link IOException}, and the wire is then {@link #broken()} (the session goes with it).
 */
final class SftpWire implements AutoCloseable {

    static final int FXP_INIT = 1;
    static final int FXP_VERSION = 2;
    static final int FXP_OPEN = 3;
    static final int FXP_CLOSE = 4;
    static final int FXP_WRITE = 6;
    static final int FXP_LSTAT = 7;
    static final int FXP_FSTAT = 8;
    static final int FXP_REMOVE = 13;
    static final int FXP_MKDIR = 14;
    static final int FXP_REALPATH = 16;
    static final int FXP_STAT = 17;
    static final int FXP_EXTENDED = 200;
    static final int FXP_STATUS = 101;
    static final int FXP_HANDLE = 102;
    static final int FXP_NAME = 104;
    static final int FXP_ATTRS = 105;

    static final int FXF_WRITE = 0x02;
    static final int FXF_CREAT = 0x08;
    static final int FXF_EXCL = 0x20;

    /** Payload bytes per WRITE request: OpenSSH's own client sends 32 KiB. */
    static final int CHUNK = 32 * 1024;
    /** WRITE requests in flight per handle before the oldest answer is awaited (OpenSSH's client: 64). */
    static final int WINDOW = 64;

    /** One answer: its type and what follows the id. */
    record Reply(int type, ByteBuffer body) {

        /** OK, or the server's status as JSch would have thrown it. */
        void expectOk() throws SftpException {
            if (type != FXP_STATUS) {
                throw new SftpException(ChannelSftp.SSH_FX_BAD_MESSAGE, "unexpected answer type " + type);
            }
            int code = body.getInt();
            if (code != ChannelSftp.SSH_FX_OK) {
                throw status(code, body);
            }
        }

        byte[] handle() throws SftpException {
            if (type == FXP_STATUS) {
                throw status(body.getInt(), body);
            }
            if (type != FXP_HANDLE) {
                throw new SftpException(ChannelSftp.SSH_FX_BAD_MESSAGE, "unexpected answer type " + type);
            }
            return bytes(body);
        }

        /** The attributes, or null for a status of "no such file". */
        Attrs attrs() throws SftpException {
            if (type == FXP_STATUS) {
                int code = body.getInt();
                if (code == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    return null;
                }
                throw status(code, body);
            }
            if (type != FXP_ATTRS) {
                throw new SftpException(ChannelSftp.SSH_FX_BAD_MESSAGE, "unexpected answer type " + type);
            }
            return Attrs.read(body);
        }

        /** The single name of a REALPATH answer. */
        String name() throws SftpException {
            if (type == FXP_STATUS) {
                throw status(body.getInt(), body);
            }
            if (type != FXP_NAME || body.getInt() < 1) {
                throw new SftpException(ChannelSftp.SSH_FX_BAD_MESSAGE, "unexpected answer type " + type);
            }
            return new String(bytes(body), StandardCharsets.UTF_8);
        }

        /** The status code of a STATUS answer (OK included); BAD_MESSAGE for any other answer. */
        int code() {
            return type == FXP_STATUS ? body.getInt(0) : ChannelSftp.SSH_FX_BAD_MESSAGE;
        }

        SftpException asException() {
            if (type != FXP_STATUS) {
                return new SftpException(ChannelSftp.SSH_FX_BAD_MESSAGE, "unexpected answer type " + type);
            }
            ByteBuffer b = body.duplicate();
            b.position(0);
            return status(b.getInt(), b);
        }

        private static SftpException status(int code, ByteBuffer rest) {
            String message = rest.remaining() >= 4 ? new String(bytes(rest), StandardCharsets.UTF_8) : "";
            return new SftpException(code, message);
        }
    }

    /** The attributes a put needs: size and file type (-1 when the server did not say). */
    record Attrs(long size, int permissions) {
        static Attrs read(ByteBuffer b) {
            int flags = b.getInt();
            long size = -1;
            int perms = -1;
            if ((flags & 0x01) != 0) {
                size = b.getLong();
            }
            if ((flags & 0x02) != 0) {
                b.getInt();
                b.getInt();
            }
            if ((flags & 0x04) != 0) {
                perms = b.getInt();
            }
            return new Attrs(size, perms);
        }

        boolean isRegularFile() {
            return permissions != -1 && (permissions & 0170000) == 0100000;
        }
    }

    private final ChannelSubsystem channel;
    private final DataInputStream in;
    private final OutputStream out;
    private final Set<String> extensions = new HashSet<>();
    private final Map<Integer, Reply> early = new HashMap<>();
    private final ByteArrayOutputStream packet = new ByteArrayOutputStream(CHUNK + 64);
    private int nextId = 1;
    private boolean broken;

    private SftpWire(ChannelSubsystem channel, InputStream in, OutputStream out) {
        this.channel = channel;
        this.in = new DataInputStream(in);
        this.out = out;
    }

    /** Opens an SFTP channel on {@code session} and says hello (one round trip after the channel's own). */
    static SftpWire open(Session session, int timeoutMillis) throws JSchException, IOException, SftpException {
        ChannelSubsystem ch = (ChannelSubsystem) session.openChannel("subsystem");
        if (ch == null) { // the link dropped the session as the channel was asked for (LinkFaultsIT): retried
            throw new JSchException("session is down: no channel could be opened on it");
        }
        ch.setSubsystem("sftp");
        // Answers land in an inbox any thread reads: JSch's own pipe breaks once its last reader thread ended.
        SftpInbox inbox = new SftpInbox();
        ch.setOutputStream(inbox);
        InputStream in = inbox.reader();
        OutputStream out = ch.getOutputStream();
        ch.connect(timeoutMillis);
        SftpWire w = new SftpWire(ch, in, out);
        try {
            w.hello();
        } catch (IOException | SftpException | RuntimeException e) {
            w.close();
            throw e;
        }
        return w;
    }

    private void hello() throws IOException, SftpException {
        packet.reset();
        u32(3);
        int length = packet.size() + 1;
        byte[] body = packet.toByteArray();
        packet.reset();
        u32(length);
        packet.write(FXP_INIT);
        packet.write(body);
        packet.writeTo(out);
        out.flush();
        int len = readInt();
        int type = in.readUnsignedByte();
        byte[] rest = new byte[len - 1];
        in.readFully(rest);
        if (type != FXP_VERSION) {
            throw new SftpException(ChannelSftp.SSH_FX_BAD_MESSAGE, "the server answered the SFTP hello with type " + type);
        }
        ByteBuffer b = ByteBuffer.wrap(rest);
        b.getInt(); // version
        while (b.remaining() >= 8) {
            String name = new String(bytes(b), StandardCharsets.UTF_8);
            bytes(b);
            extensions.add(name);
        }
    }

    boolean offers(String extension) {
        return extensions.contains(extension);
    }

    boolean broken() {
        return broken || !channel.isConnected();
    }

    // ---- requests: each returns its id; nothing leaves before flush() ----

    int open(String path, int flags) throws IOException {
        begin(FXP_OPEN);
        string(path);
        u32(flags);
        u32(0); // no attributes
        return end();
    }

    int stat(String path) throws IOException {
        begin(FXP_STAT);
        string(path);
        return end();
    }

    int lstat(String path) throws IOException {
        begin(FXP_LSTAT);
        string(path);
        return end();
    }

    int fstat(byte[] handle) throws IOException {
        begin(FXP_FSTAT);
        string(handle);
        return end();
    }

    int closeHandle(byte[] handle) throws IOException {
        begin(FXP_CLOSE);
        string(handle);
        return end();
    }

    int write(byte[] handle, long offset, byte[] data, int off, int len) throws IOException {
        begin(FXP_WRITE);
        string(handle);
        long64(offset);
        u32(len);
        packet.write(data, off, len);
        return end();
    }

    int remove(String path) throws IOException {
        begin(FXP_REMOVE);
        string(path);
        return end();
    }

    int mkdir(String path) throws IOException {
        begin(FXP_MKDIR);
        string(path);
        u32(0); // no attributes: the server's default mode
        return end();
    }

    /** The server's canonical form of {@code path} (symbolic links resolved). */
    int realpath(String path) throws IOException {
        begin(FXP_REALPATH);
        string(path);
        return end();
    }

    int hardlink(String from, String to) throws IOException {
        begin(FXP_EXTENDED);
        string("hardlink@openssh.com");
        string(from);
        string(to);
        return end();
    }

    /** Sends what was buffered. */
    void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    /** Flushes, then waits for the answer to request {@code id}, keeping others that come first. */
    Reply await(int id) throws IOException {
        Reply r = early.remove(id);
        if (r != null) {
            return r;
        }
        flush();
        try {
            while (true) {
                int len = readInt();
                if (len < 5 || len > 1 << 20) {
                    throw new IOException("malformed SFTP answer of " + len + " bytes");
                }
                int type = in.readUnsignedByte();
                int got = readInt();
                byte[] rest = new byte[len - 5];
                in.readFully(rest);
                Reply reply = new Reply(type, ByteBuffer.wrap(rest));
                if (got == id) {
                    return reply;
                }
                early.put(got, reply);
            }
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    private int readInt() throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IOException("the SFTP channel closed (the connection was lost)", e);
        }
    }

    private int begin(int type) {
        packet.reset();
        packet.write(0);
        packet.write(0);
        packet.write(0);
        packet.write(0);
        packet.write(type);
        int id = nextId++;
        u32(id);
        return id;
    }

    private int end() throws IOException {
        byte[] p = packet.toByteArray();
        ByteBuffer.wrap(p).putInt(0, p.length - 4);
        try {
            out.write(p);
        } catch (IOException e) {
            broken = true;
            throw e;
        }
        return nextId - 1;
    }

    private void u32(int v) {
        packet.write(v >>> 24);
        packet.write(v >>> 16);
        packet.write(v >>> 8);
        packet.write(v);
    }

    private void long64(long v) {
        u32((int) (v >>> 32));
        u32((int) v);
    }

    private void string(String s) {
        string(s.getBytes(StandardCharsets.UTF_8));
    }

    private void string(byte[] b) {
        u32(b.length);
        packet.write(b, 0, b.length);
    }

    private static byte[] bytes(ByteBuffer b) {
        int n = b.getInt();
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    @Override
    public void close() {
        channel.disconnect();
    }
}
