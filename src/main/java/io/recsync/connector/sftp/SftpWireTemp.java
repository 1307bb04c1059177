package io.recsync.connector.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import io.recsync.connector.remote.TempOutput;
import java.util.function.LongFunction;

/**
 * A temp file being written over an {@link SftpWire}: writes in flight (up to
 * {@link SftpWire#WINDOW}), then the size from the open handle and the close in the same round
 * trip. A failed write closes the handle at once (the server frees what it held) and reads every
 * answer still due, so the wire stays in step.
 */
final class SftpWireTemp extends TempOutput {

    private final SftpWire w;
    private final byte[] handle;
    private final String file;
    private final long size;
    /** Given the bytes still to write, why a bare "Failure" happened (a full disk), or null. */
    private final LongFunction<String> explain;
    private final java.util.ArrayDeque<Integer> pending = new java.util.ArrayDeque<>();
    private long offset;
    private boolean done;

    /** Proves or creates a directory again after it vanished during the run. */
    @FunctionalInterface
    interface Reprepare {
        void run() throws Exception;
    }

    /**
     * The stat of the final name (when asked) and the exclusive create of the temp leave together:
     * one round trip. O_EXCL never opens an existing name, a planted link included; such a leftover
     * is removed and the create sent again, both in one more round trip.
     *
     * @param mustBeFree the final name, when the put must refuse a taken one; null otherwise
     * @return empty when {@code mustBeFree} holds a file (and no temp is left)
     */
    static java.util.Optional<SftpWireTemp> create(SftpWire w, String t, String mustBeFree, long size,
            Reprepare directoryGone, LongFunction<String> explain) throws Exception {
        int flags = SftpWire.FXF_WRITE | SftpWire.FXF_CREAT | SftpWire.FXF_EXCL;
        int look = mustBeFree == null ? 0 : w.stat(mustBeFree);
        int open = w.open(t, flags);
        SftpWire.Attrs taken = look == 0 ? null : w.await(look).attrs();
        SftpWire.Reply opened = w.await(open);
        if (taken != null && taken.isRegularFile()) {
            // Ours (just created) or a leftover beside the taken name (after a crash between link and
            // unlink, a second name of the recording): removing the name never touches the recording.
            int close = opened.type() == SftpWire.FXP_HANDLE ? w.closeHandle(opened.handle()) : 0;
            int rm = w.remove(t);
            if (close != 0) {
                w.await(close);
            }
            w.await(rm);
            return java.util.Optional.empty();
        }
        if (opened.type() == SftpWire.FXP_STATUS) {
            int code = opened.code();
            if (code == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                // The directory went away during the run: prove or create it again, then once more.
                directoryGone.run();
                opened = w.await(w.open(t, flags));
            } else if (code != ChannelSftp.SSH_FX_PERMISSION_DENIED) {
                int rm = w.remove(t);
                open = w.open(t, flags);
                w.await(rm);
                opened = w.await(open);
            }
        }
        return java.util.Optional.of(new SftpWireTemp(w, opened.handle(), t, size, explain));
    }

    SftpWireTemp(SftpWire w, byte[] handle, String file, long size, LongFunction<String> explain) {
        this.w = w;
        this.handle = handle;
        this.file = file;
        this.size = size;
        this.explain = explain;
    }

    @Override
    public void write(int b) throws java.io.IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
        if (done) {
            throw new java.io.IOException("the temp file " + file + " is closed");
        }
        while (len > 0) {
            int n = Math.min(len, SftpWire.CHUNK);
            pending.add(w.write(handle, offset, b, off, n));
            offset += n;
            off += n;
            len -= n;
            while (pending.size() >= SftpWire.WINDOW) {
                acknowledged(w.await(pending.poll()));
            }
        }
    }

    private void acknowledged(SftpWire.Reply r) throws java.io.IOException {
        if (r.code() != ChannelSftp.SSH_FX_OK) {
            SftpException e = r.asException();
            String why = e.id == ChannelSftp.SSH_FX_FAILURE ? explain.apply(Math.max(1, size - offset)) : null;
            abandon();
            throw why != null ? new ExplainedWriteFailure(why, e) : new java.io.IOException(e.getMessage(), e);
        }
    }

    @Override
    public long finish() throws Exception {
        int stat = w.fstat(handle);
        int close = w.closeHandle(handle);
        done = true;
        SftpException failed = null;
        while (!pending.isEmpty()) {
            SftpWire.Reply r = w.await(pending.poll());
            if (failed == null && r.code() != ChannelSftp.SSH_FX_OK) {
                failed = r.asException();
            }
        }
        SftpWire.Attrs a = w.await(stat).attrs();
        SftpWire.Reply closed = w.await(close);
        if (failed != null) {
            String why = failed.id == ChannelSftp.SSH_FX_FAILURE ? explain.apply(1) : null;
            throw why != null ? new ExplainedWriteFailure(why, failed) : failed;
        }
        closed.expectOk();
        return a == null ? -1 : a.size();
    }

    /** Closes the handle and reads every answer still due, so the wire stays in step. */
    private void abandon() throws java.io.IOException {
        if (done || w.broken()) {
            done = true;
            return;
        }
        done = true;
        int close = w.closeHandle(handle);
        while (!pending.isEmpty()) {
            w.await(pending.poll());
        }
        w.await(close);
    }

    @Override
    public void close() throws java.io.IOException {
        abandon();
    }
}
