package io.recsync.connector.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import io.recsync.connector.Causes;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongFunction;

/** Streams that own an SFTP channel while open: back to the file system on a clean close, dropped otherwise. */
final class ChannelStreams {

    private ChannelStreams() {}

    static final class Reading extends FilterInputStream {
        private final ChannelSftp channel;
        private final ChannelSftpFileSystem fs;
        private boolean broken;
        private boolean closed;

        Reading(InputStream in, ChannelSftp channel, ChannelSftpFileSystem fs) {
            super(in);
            this.channel = channel;
            this.fs = fs;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                super.close();
            } catch (IOException e) {
                if (!broken) {
                    broken = true;
                    throw e;
                } // after a failed read, closing can only fail the same way: the read already said so
            } finally {
                release(channel, fs, broken);
            }
        }
    }

    static final class Writing extends FilterOutputStream {
        private final ChannelSftp channel;
        private final ChannelSftpFileSystem fs;
        private final long size;
        /** Given the bytes still to write, why a bare "Failure" happened (a full disk), or null. */
        private final LongFunction<String> explain;
        private long written;
        private boolean broken;
        private boolean closed;

        Writing(OutputStream out, ChannelSftp channel, ChannelSftpFileSystem fs, long size, LongFunction<String> explain) {
            super(out);
            this.channel = channel;
            this.fs = fs;
            this.size = size;
            this.explain = explain;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
                written += len;
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (broken) {
                release(channel, fs, true); // dropping the channel closes the server's handle
                return;
            }
            try {
                out.close(); // waits for the server's answers to every write: errors show here
            } catch (IOException e) {
                throw failed(e);
            } finally {
                release(channel, fs, broken);
            }
        }

        private IOException failed(IOException e) {
            if (broken) {
                return e;
            }
            broken = true;
            SftpException status = Causes.find(e, SftpException.class);
            if (status != null && status.id == ChannelSftp.SSH_FX_FAILURE && status.getCause() == null) {
                String why = explain.apply(Math.max(1, size - written));
                if (why != null) {
                    return new ExplainedWriteFailure(why, e);
                }
            }
            return e;
        }
    }

    private static void release(ChannelSftp channel, ChannelSftpFileSystem fs, boolean broken) {
        if (broken) {
            channel.disconnect();
        } else {
            fs.returnChannel(channel);
        }
    }
}
