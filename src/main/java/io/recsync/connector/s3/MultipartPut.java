package io.recsync.connector.s3;

import io.recsync.connector.Causes;
import io.recsync.connector.PutResult;
import io.recsync.connector.Sha256;
import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One large put as a multipart upload: each part carries its own SHA-256, which the server checks;
 * {@link VerifyingSource} proves the whole object's hash before the last part is sent; only then is
 * the upload completed, and only completion makes the object visible.
 *
 * <p>Resume: an upload of the same key left open by an interrupted run is continued when it was
 * started by recsync for the same expected object. S3 shows no metadata of an unfinished upload, so
 * each upload recsync starts also gets a small <em>marker part</em> (number {@value #MARKER_PART})
 * whose bytes are the expected SHA-256 in hex: ListParts returns that part's SHA-256, which proves
 * the upload's expected hash (and so its {@code recsync-sha256} metadata). The marker is never
 * listed in the completion, so S3 discards it. While the source is streamed part by part (it must be
 * read anyway to prove the whole-object hash), a stored part whose size and SHA-256 equal the part
 * just read is kept; the others are uploaded. Only parts with a recorded SHA-256 are reused.
 *
 * <p>Uploads for the key that do not qualify (no marker, another expected hash, another part size,
 * parts without SHA-256, older duplicates) are aborted before a new one starts. A failed upload is
 * left open for the next put of the name only when the failure is transient (link or source down);
 * any other failure (checksum mismatch, name taken, access denied) aborts it, so none is left behind
 * for good (each holds billable storage).
 */
final class MultipartPut {

    /** User metadata holding the whole object's SHA-256, which a multipart checksum is not. */
    static final String SHA256_METADATA = "recsync-sha256";
    /** The part number of the marker naming the expected hash; data parts stay below it. */
    static final int MARKER_PART = 10_000;
    private static final int MAX_PARTS = MARKER_PART - 1;
    private static final Logger LOG = Logger.getLogger(MultipartPut.class.getName());

    private final S3Client client;
    private final S3Settings settings;
    private final String site;
    private final PartCounters counters;

    MultipartPut(S3Client client, S3Settings settings, String site, PartCounters counters) {
        this.client = client;
        this.settings = settings;
        this.site = site;
        this.counters = counters;
    }

    PutResult run(StoragePath path, String key, VerifyingSource source, long size, String sha256, WriteMode mode) {
        long partSize = partSizeFor(size);
        Resumable resumable = findResumable(key, sha256, size, partSize);
        String uploadId;
        Map<Integer, Part> stored;
        if (resumable != null) {
            uploadId = resumable.uploadId();
            stored = resumable.parts();
            LOG.info(site + ": resuming the unfinished upload of " + key + " (" + stored.size()
                    + " part(s) already stored are kept if their SHA-256 matches the source)");
        } else {
            uploadId = call("start an upload of", key, () -> client.createMultipartUpload(startRequest(key, sha256)))
                    .uploadId();
            stored = Map.of();
        }
        try {
            if (resumable == null) {
                uploadMarker(key, uploadId, sha256);
            }
            List<CompletedPart> parts = uploadParts(key, uploadId, source, size, partSize, stored);
            CompleteMultipartUploadRequest.Builder done = CompleteMultipartUploadRequest.builder()
                    .bucket(settings.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(b -> b.parts(parts));
            if (mode == WriteMode.CREATE_NEW) {
                done.ifNoneMatch("*");
            }
            call("complete the upload of", key, () -> client.completeMultipartUpload(done.build()));
            abortStrays(key, uploadId);
            return new PutResult(path, size, source.sha256());
        } catch (StorageException e) {
            if (e.isTransient()) {
                LOG.info(site + ": the upload of " + key + " failed for now (" + e.getMessage()
                        + "); it stays open and the next put of that name resumes or aborts it");
            } else {
                abort(key, uploadId, e);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    /** The Object Lock the completed object gets (null: none), set when the upload starts. */
    private software.amazon.awssdk.services.s3.model.ObjectLockMode lockMode;
    private java.time.Instant lockUntil;
    private software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus lockHold;

    MultipartPut locked(software.amazon.awssdk.services.s3.model.ObjectLockMode mode, java.time.Instant until,
            software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus hold) {
        this.lockMode = until == null ? null : mode;
        this.lockUntil = until;
        this.lockHold = hold;
        return this;
    }

    private CreateMultipartUploadRequest startRequest(String key, String sha256) {
        return CreateMultipartUploadRequest.builder()
                .objectLockMode(lockMode)
                .objectLockRetainUntilDate(lockUntil)
                .objectLockLegalHoldStatus(lockHold)
                .bucket(settings.bucket())
                .key(key)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .metadata(Map.of(SHA256_METADATA, sha256))
                .storageClass(settings.storageClass())
                .serverSideEncryption(settings.serverSideEncryption())
                .ssekmsKeyId(settings.kmsKeyId())
                .build();
    }

    private void uploadMarker(String key, String uploadId, String sha256) {
        byte[] marker = sha256.getBytes(StandardCharsets.US_ASCII);
        String b64 = markerChecksum(sha256);
        call("start an upload of", key, () -> client.uploadPart(b -> b
                .bucket(settings.bucket()).key(key).uploadId(uploadId).partNumber(MARKER_PART)
                .contentLength((long) marker.length).checksumSHA256(b64),
                RequestBody.fromBytes(marker)));
    }

    static String markerChecksum(String sha256) {
        return Base64.getEncoder().encodeToString(Sha256.newDigest().digest(sha256.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * The newest unfinished upload of exactly this key that recsync started for this object, with
     * its stored data parts; every other unfinished upload of the key is aborted. Null: start anew.
     */
    private Resumable findResumable(String key, String sha256, long size, long partSize) {
        List<MultipartUpload> open = new ArrayList<>();
        call("list unfinished uploads of", key, () -> {
            client.listMultipartUploadsPaginator(b -> b.bucket(settings.bucket()).prefix(key)).uploads()
                    .forEach(u -> {
                        if (u.key().equals(key)) {
                            open.add(u);
                        }
                    });
            return null;
        });
        open.sort(Comparator.comparing(MultipartUpload::initiated,
                Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        Resumable chosen = null;
        for (MultipartUpload u : open) {
            if (chosen == null) {
                String why = null;
                Map<Integer, Part> parts = listParts(key, u.uploadId());
                Part marker = parts.remove(MARKER_PART);
                if (marker == null) {
                    why = "recsync did not start it (no marker part)";
                } else if (marker.checksumSHA256() == null) {
                    why = "the server keeps no SHA-256 of its parts, so none of them can be proven";
                } else if (!markerChecksum(sha256).equals(marker.checksumSHA256())) {
                    why = "it was started for other content (another expected SHA-256)";
                } else {
                    why = unusableParts(parts, size, partSize);
                }
                if (why == null) {
                    chosen = new Resumable(u.uploadId(), parts);
                    continue;
                }
                LOG.info(site + ": aborting an unfinished upload of " + key + " left by an interrupted run: " + why);
            } else {
                LOG.info(site + ": aborting an older unfinished upload of " + key + " left by an interrupted run");
            }
            call("abort an unfinished upload of", key, () -> client.abortMultipartUpload(b -> b
                    .bucket(settings.bucket()).key(key).uploadId(u.uploadId())));
        }
        return chosen;
    }

    private Map<Integer, Part> listParts(String key, String uploadId) {
        Map<Integer, Part> parts = new HashMap<>();
        call("list the stored parts of", key, () -> {
            client.listPartsPaginator(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId)).parts()
                    .forEach(p -> parts.put(p.partNumber(), p));
            return null;
        });
        return parts;
    }

    /** Why the stored data parts cannot be reused for this object, or null when they can. */
    private static String unusableParts(Map<Integer, Part> parts, long size, long partSize) {
        long count = (size + partSize - 1) / partSize;
        for (Part p : parts.values()) {
            if (p.partNumber() < 1 || p.partNumber() > count) {
                return "part " + p.partNumber() + " lies beyond the " + count + " parts of this object";
            }
            long expected = p.partNumber() == count ? size - (count - 1) * partSize : partSize;
            if (p.size() == null || p.size() != expected) {
                return "part " + p.partNumber() + " holds " + p.size() + " bytes, not the " + expected
                        + " of the configured part size";
            }
            if (p.checksumSHA256() == null || p.checksumSHA256().isEmpty()) {
                return "part " + p.partNumber() + " has no recorded SHA-256";
            }
        }
        return null;
    }

    private List<CompletedPart> uploadParts(String key, String uploadId, InputStream source, long size, long partSize,
            Map<Integer, Part> stored) {
        byte[] buffer = new byte[(int) Math.min(partSize, size)];
        List<CompletedPart> parts = new ArrayList<>();
        long sent = 0;
        for (int number = 1; sent < size; number++) {
            int length = (int) Math.min(partSize, size - sent);
            fill(source, buffer, length);
            MessageDigest partDigest = Sha256.newDigest();
            partDigest.update(buffer, 0, length);
            String b64 = Base64.getEncoder().encodeToString(partDigest.digest());
            int n = number;
            Part kept = stored.get(n);
            if (kept != null && kept.size() == length && b64.equals(kept.checksumSHA256())) {
                counters.reused.incrementAndGet();
                parts.add(CompletedPart.builder().partNumber(n).eTag(kept.eTag()).checksumSHA256(b64).build());
            } else {
                if (kept != null) {
                    // The source differs from what the interrupted run sent here: the part is sent
                    // again, which replaces the stored one (the source cannot be rewound to start over).
                    LOG.info(site + ": stored part " + n + " of " + key + " does not match the source; sending it again");
                }
                UploadPartResponse r = call("upload part " + n + " of", key, () -> client.uploadPart(b -> b
                        .bucket(settings.bucket()).key(key).uploadId(uploadId).partNumber(n)
                        .contentLength((long) length).checksumSHA256(b64),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                                S3Connector.CONTENT_TYPE)));
                counters.uploaded.incrementAndGet();
                parts.add(CompletedPart.builder().partNumber(n).eTag(r.eTag()).checksumSHA256(b64).build());
            }
            sent += length;
        }
        return parts;
    }

    /** The configured part size, grown when the object would need more than S3's 10,000 parts. */
    private long partSizeFor(long size) {
        long partSize = settings.partSize();
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(partSize, needed);
    }

    private static void fill(InputStream source, byte[] buffer, int length) {
        int off = 0;
        try {
            while (off < length) {
                int r = source.read(buffer, off, length - off);
                if (r < 0) {
                    throw new IOException("the source ended early");
                }
                off += r;
            }
        } catch (IOException e) {
            StorageException typed = Causes.find(e, StorageException.class);
            if (typed != null) {
                throw typed;
            }
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Aborts every other unfinished upload of the key, now that the key holds the proven object.
     * One can appear after {@link #findResumable} looked: when the answer to CreateMultipartUpload is
     * lost on a cut link, the SDK's retry starts a second upload and the first stays open, holding
     * storage, with nothing that would ever put that name again. Failing to abort one does not fail
     * the put (the object is complete and verified); the warning names the key.
     */
    private void abortStrays(String key, String ours) {
        try {
            List<String> strays = new ArrayList<>();
            client.listMultipartUploadsPaginator(b -> b.bucket(settings.bucket()).prefix(key)).uploads()
                    .forEach(u -> {
                        if (u.key().equals(key) && !u.uploadId().equals(ours)) {
                            strays.add(u.uploadId());
                        }
                    });
            for (String id : strays) {
                LOG.info(site + ": aborting a stray unfinished upload of " + key + " (a retried start left it)");
                client.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(id));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, site + ": " + key + " is complete, but a stray unfinished upload of it could not"
                    + " be listed or aborted (" + e.getMessage() + "); it holds storage until aborted (a bucket lifecycle rule"
                    + " for incomplete multipart uploads does it)", e);
        }
    }

    private void abort(String key, String uploadId, Throwable cause) {
        try {
            client.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            LOG.log(Level.WARNING, site + ": could not abort the upload of " + key + "; the next put of it aborts it", e);
        }
    }

    private record Resumable(String uploadId, Map<Integer, Part> parts) {}

    /** How many parts puts sent and how many they kept from an interrupted upload (for tests and logs). */
    static final class PartCounters {
        final AtomicLong uploaded = new AtomicLong();
        final AtomicLong reused = new AtomicLong();
    }

    private <T> T call(String action, String key, Supplier<T> op) {
        return S3Errors.call(site, action, key, op);
    }
}
