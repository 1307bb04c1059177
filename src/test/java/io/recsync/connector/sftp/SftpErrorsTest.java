package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.StorageException;
import org.junit.jupiter.api.Test;

/** How failures the SFTP libraries throw are typed; the servers' own answers are covered by the ITs. */
class SftpErrorsTest {

    private static NullPointerException npeAt(String className) {
        NullPointerException npe = new NullPointerException("Cannot invoke \"com.jcraft.jsch.ChannelSftp.connect(int)\""
                + " because \"channel\" is null");
        npe.setStackTrace(new StackTraceElement[] {new StackTraceElement(className, "getChannel", "X.java", 1)});
        return npe;
    }

    @Test
    void aNullChannelFromCommonsVfsOnADroppedSessionIsTransient() {
        StorageException e = SftpErrors.translate(new RuntimeException(npeAt(
                "org.apache.commons.vfs2.provider.sftp.SftpFileSystem")), "sftp://u@h:22/r", "write", "a.wav");
        assertThat(e.isTransient()).as(e.getMessage()).isTrue();
        assertThat(e.getMessage()).contains("dropped session");
    }

    @Test
    void aNullPointerInRecsyncsOwnCodeIsNotRetriedAsIfItWereTheLink() {
        StorageException e = SftpErrors.translate(new RuntimeException(npeAt("io.recsync.connector.sftp.SftpSession")),
                "sftp://u@h:22/r", "write", "a.wav");
        assertThat(e.isTransient()).isFalse();
    }
}
