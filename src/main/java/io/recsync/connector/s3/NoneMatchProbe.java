package io.recsync.connector.s3;

import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TransientStorageException;
import io.recsync.connector.WriteMode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Proves once per connector, before any copy relies on it, that the server refuses a create-only
 * PUT of a taken name ({@code If-None-Match: *}): a probe object under {@code .recsync/} is put,
 * put again with other bytes (which must be refused) and deleted, three requests per run. Only then
 * may copies skip their look before each put; a server that ignores the header (or a probe that
 * cannot be written) keeps the look, so a recording is never replaced even where nobody ran
 * {@code sites check}.
 */
final class NoneMatchProbe {

    private static final Logger LOG = Logger.getLogger(NoneMatchProbe.class.getName());

    private final S3Connector connector;
    private Boolean enforced; // guarded by this; null until settled

    NoneMatchProbe(S3Connector connector) {
        this.connector = connector;
    }

    /** True once the server was seen refusing; false (look first) otherwise. */
    synchronized boolean enforced() {
        if (enforced == null) {
            try {
                enforced = probe();
            } catch (TransientStorageException e) {
                // The link is down: the copy's own call will say so; decide on a later copy.
                return false;
            } catch (StorageException e) {
                LOG.warning(connector.describe() + ": could not prove that the server refuses to replace an object ("
                        + e.getMessage() + "); every copy looks for its name first");
                enforced = false;
            }
        }
        return enforced;
    }

    private boolean probe() {
        StoragePath path = StoragePath.of(".recsync/none-match-probe-" + UUID.randomUUID() + ".bin");
        byte[] first = "recsync probe".getBytes(StandardCharsets.US_ASCII);
        byte[] second = "recsync probe, replaced".getBytes(StandardCharsets.US_ASCII);
        connector.put(path, new ByteArrayInputStream(first), first.length, Sha256.of(first), WriteMode.CREATE_NEW);
        try {
            connector.put(path, new ByteArrayInputStream(second), second.length, Sha256.of(second), WriteMode.CREATE_NEW);
            LOG.warning(connector.describe() + ": the server replaced an object on a create-only PUT (it ignores"
                    + " If-None-Match); every copy looks for its name first, but two writers racing for a name"
                    + " can still replace each other: use a server that enforces conditional writes");
            return false;
        } catch (AlreadyExistsException refused) {
            return true;
        } finally {
            try {
                connector.deleteKnown(path);
            } catch (StorageException e) {
                LOG.warning(connector.describe() + ": could not delete the probe " + path + ": " + e.getMessage());
            }
        }
    }
}
