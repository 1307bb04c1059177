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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One large put as a multipart upload: each part carries its own SHA-256, which the server checks;
 * {@link VerifyingSource} proves the whole object's hash before the last part is sent; only then is
 * the upload completed, and only completion makes the object visible. Any failure aborts the
 * upload, and uploads for the same key that an earlier, interrupted run could not abort are
 * aborted before a new one starts, so none is left behind (each holds billable storage).
 */
final class MultipartPut {

    /** User metadata holding the whole object's SHA-256, which a multipart checksum is not. */
    static final String SHA256_METADATA = "recsync-sha256";
    private static final int MAX_PARTS = 10_000;
    private static final Logger LOG = Logger.getLogger(MultipartPut.class.getName());

    private final S3Client client;
    private final S3Settings settings;
    private final String site;

    MultipartPut(S3Client client, S3Settings settings, String site) {
        this.client = client;
        this.settings = settings;
        this.site = site;
    }

    PutResult run(StoragePath path, String key, VerifyingSource source, long size, String sha256, WriteMode mode) {
        abortLeftovers(key);
        String uploadId = call("start an upload of", key, () -> client.createMultipartUpload(startRequest(key, sha256)))
                .uploadId();
        try {
            List<CompletedPart> parts = uploadParts(key, uploadId, source, size);
            CompleteMultipartUploadRequest.Builder done = CompleteMultipartUploadRequest.builder()
                    .bucket(settings.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(b -> b.parts(parts));
            if (mode == WriteMode.CREATE_NEW) {
                done.ifNoneMatch("*");
            }
            call("complete the upload of", key, () -> client.completeMultipartUpload(done.build()));
            return new PutResult(path, size, source.sha256());
        } catch (RuntimeException | Error e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    private CreateMultipartUploadRequest startRequest(String key, String sha256) {
        return CreateMultipartUploadRequest.builder()
                .bucket(settings.bucket())
                .key(key)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .metadata(Map.of(SHA256_METADATA, sha256))
                .storageClass(settings.storageClass())
                .serverSideEncryption(settings.serverSideEncryption())
                .ssekmsKeyId(settings.kmsKeyId())
                .build();
    }

    private List<CompletedPart> uploadParts(String key, String uploadId, InputStream source, long size) {
        long partSize = partSizeFor(size);
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
            UploadPartResponse r = call("upload part " + n + " of", key, () -> client.uploadPart(b -> b
                    .bucket(settings.bucket()).key(key).uploadId(uploadId).partNumber(n)
                    .contentLength((long) length).checksumSHA256(b64),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                            S3Connector.CONTENT_TYPE)));
            parts.add(CompletedPart.builder().partNumber(n).eTag(r.eTag()).checksumSHA256(b64).build());
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

    private void abortLeftovers(String key) {
        List<MultipartUpload> open = call("list unfinished uploads of", key, () -> client.listMultipartUploads(b -> b
                .bucket(settings.bucket()).prefix(key))).uploads();
        for (MultipartUpload u : open) {
            if (u.key().equals(key)) {
                LOG.info(site + ": aborting an unfinished upload of " + key + " left by an interrupted run");
                call("abort an unfinished upload of", key, () -> client.abortMultipartUpload(b -> b
                        .bucket(settings.bucket()).key(key).uploadId(u.uploadId())));
            }
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

    private <T> T call(String action, String key, Supplier<T> op) {
        return S3Errors.call(site, action, key, op);
    }
}
