package io.recsync.connector.sftp;

import java.io.IOException;

/**
 * A write the server refused with a bare "Failure" (SFTP v3 has no code for a full disk), with what
 * the connector could learn about why: the disk is full, or the server cannot say.
 */
final class ExplainedWriteFailure extends IOException {

    ExplainedWriteFailure(String explanation, Throwable cause) {
        super(explanation, cause);
    }
}
