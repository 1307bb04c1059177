package io.recsync.connector.smb;

import com.hierynomus.smbj.share.File;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Streams over an open SMB file that close the file's handle with themselves: SMBJ's own streams
 * leave it open, and every handle left open pins a file on the server (a Windows server then
 * refuses to rename or delete it).
 */
final class SmbStreams {

    /** What has to happen before the handle closes. */
    @FunctionalInterface
    private interface Finish {
        void run() throws IOException;
    }

    private SmbStreams() {}

    /** From byte {@code offset} on; SMBJ's stream moves its position without reading when skipping first. */
    static InputStream reading(File file, long offset) throws IOException {
        InputStream in = file.getInputStream();
        try {
            long skipped = offset == 0 ? 0 : in.skip(offset);
            if (skipped != offset) {
                throw new IOException("could not position the read at byte " + offset);
            }
        } catch (IOException | RuntimeException e) {
            file.closeSilently();
            throw e;
        }
        return new FilterInputStream(in) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    closeAfter(in::close, file);
                }
            }
        };
    }

    /**
     * Writes through SMBJ's stream; closing sends what is buffered, then asks the server to flush
     * the file to its disk before the handle closes: a recording must be on disk before it is
     * published and counted as copied.
     */
    static OutputStream writing(File file) {
        OutputStream out = file.getOutputStream();
        return new FilterOutputStream(out) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len); // FilterOutputStream would write byte by byte
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    closeAfter(() -> {
                        out.close();
                        file.flush();
                    }, file);
                }
            }
        };
    }

    /** Runs {@code finish}, then closes the handle whatever happened; a failure of the close after an earlier one is only added to it. */
    private static void closeAfter(Finish finish, File file) throws IOException {
        try {
            finish.run();
        } catch (IOException | RuntimeException e) {
            try {
                file.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        file.close();
    }
}
