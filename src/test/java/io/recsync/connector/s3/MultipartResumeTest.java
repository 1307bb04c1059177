package io.recsync.connector.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.connector.ChecksumMismatchException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TransientStorageException;
import io.recsync.connector.WriteMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Resuming a multipart upload, against an in-memory S3 that, like AWS S3, records each part's
 * SHA-256 and returns it from ListParts (s3proxy does not: see S3OnS3ProxyIT). ListParts and
 * ListMultipartUploads answer in pages of 2, so the paginated reads are exercised.
 */
class MultipartResumeTest {

    static final long PART = 5 * 1024 * 1024;
    static final String BUCKET = "b";

    final FakeS3 s3 = new FakeS3();

    S3Connector connector(long partSize) {
        S3Settings settings = new S3Settings(BUCKET, "", "us-east-1", URI.create("http://unused"), true, null, null,
                null, null, null, null, null, PART, partSize, Duration.ofSeconds(1), Duration.ofSeconds(1), 2);
        return new S3Connector(settings, s3.client());
    }

    static byte[] bytes(long n, int seed) {
        byte[] b = new byte[(int) n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A source that fails (link to the source site down) after {@code failAt} bytes. */
    static InputStream failingAfter(byte[] data, long failAt) {
        return new InputStream() {
            int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= failAt) {
                    throw new IOException("connection reset (injected)");
                }
                int n = (int) Math.min(len, Math.min(data.length, failAt) - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    @Test
    void anUploadCutAfterTwoAndAHalfPartsIsResumedSendingOnlyTheMissingParts() {
        byte[] data = bytes(PART * 3 + 17, 1); // 4 parts
        S3Connector c = connector(PART);
        StoragePath p = StoragePath.of("big/cut.wav");
        assertThatThrownBy(() -> c.put(p, failingAfter(data, PART * 5 / 2), data.length, Sha256.of(data),
                WriteMode.CREATE_NEW)).isInstanceOf(TransientStorageException.class);
        assertThat(s3.uploads).hasSize(1);
        assertThat(c.partCounters.uploaded.get()).isEqualTo(2);

        int callsBefore = s3.uploadPartCalls.get();
        c.put(p, new ByteArrayInputStream(data), data.length, Sha256.of(data), WriteMode.CREATE_NEW);
        assertThat(c.partCounters.reused.get()).isEqualTo(2);
        assertThat(c.partCounters.uploaded.get()).isEqualTo(4);
        assertThat(s3.uploadPartCalls.get() - callsBefore).as("UploadPart calls on the resume").isEqualTo(2);
        assertThat(Sha256.of(s3.objects.get("big/cut.wav"))).isEqualTo(Sha256.of(data));
        assertThat(s3.objectMetadata.get("big/cut.wav")).containsEntry(MultipartPut.SHA256_METADATA, Sha256.of(data));
        assertThat(s3.uploads).isEmpty();
    }

    @Test
    void ofSeveralOpenUploadsTheNewestIsResumedAndTheOthersAborted() {
        byte[] data = bytes(PART * 4 + 3, 2); // 5 parts
        S3Connector c = connector(PART);
        StoragePath p = StoragePath.of("big/many.wav");
        assertThatThrownBy(() -> c.put(p, failingAfter(data, PART + 1), data.length, Sha256.of(data),
                WriteMode.CREATE_NEW)).isInstanceOf(TransientStorageException.class);
        s3.clock = s3.clock.plusSeconds(60);
        // A second interrupted run could not see the first (e.g. listing raced); it started its own.
        s3.hideUploads = true;
        assertThatThrownBy(() -> c.put(p, failingAfter(data, PART * 3 + 1), data.length, Sha256.of(data),
                WriteMode.CREATE_NEW)).isInstanceOf(TransientStorageException.class);
        s3.hideUploads = false;
        assertThat(s3.uploads).hasSize(2);
        c.partCounters.uploaded.set(0);
        c.put(p, new ByteArrayInputStream(data), data.length, Sha256.of(data), WriteMode.CREATE_NEW);
        assertThat(c.partCounters.reused.get()).as("the newer upload's 3 parts").isEqualTo(3);
        assertThat(c.partCounters.uploaded.get()).isEqualTo(2);
        assertThat(s3.objects.get("big/many.wav")).isEqualTo(data);
        assertThat(s3.uploads).isEmpty();
    }

    @Test
    void anUploadWithAnotherPartSizeIsAbortedAndStartedAfresh() {
        byte[] data = bytes(PART * 3 + 5, 3);
        StoragePath p = StoragePath.of("big/resized.wav");
        assertThatThrownBy(() -> connector(PART).put(p, failingAfter(data, PART * 2 + 1), data.length,
                Sha256.of(data), WriteMode.CREATE_NEW)).isInstanceOf(TransientStorageException.class);
        S3Connector bigger = connector(PART + 1024 * 1024);
        bigger.put(p, new ByteArrayInputStream(data), data.length, Sha256.of(data), WriteMode.CREATE_NEW);
        assertThat(bigger.partCounters.reused.get()).isZero();
        assertThat(s3.objects.get("big/resized.wav")).isEqualTo(data);
        assertThat(s3.uploads).isEmpty();
    }

    @Test
    void partsWithoutARecordedSha256AreNotReused() {
        byte[] data = bytes(PART * 2 + 5, 4);
        StoragePath p = StoragePath.of("big/unproven.wav");
        s3.recordChecksums = false;
        assertThatThrownBy(() -> connector(PART).put(p, failingAfter(data, PART * 2), data.length,
                Sha256.of(data), WriteMode.CREATE_NEW)).isInstanceOf(TransientStorageException.class);
        S3Connector c = connector(PART);
        c.put(p, new ByteArrayInputStream(data), data.length, Sha256.of(data), WriteMode.CREATE_NEW);
        assertThat(c.partCounters.reused.get()).isZero();
        assertThat(c.partCounters.uploaded.get()).isEqualTo(3);
        assertThat(s3.objects.get("big/unproven.wav")).isEqualTo(data);
        assertThat(s3.uploads).isEmpty();
    }

    @Test
    void aResumedUploadWhoseSourceTurnsOutWrongIsAbortedNotLeftOpen() {
        byte[] data = bytes(PART * 2 + 5, 5);
        StoragePath p = StoragePath.of("big/corrupt.wav");
        assertThatThrownBy(() -> connector(PART).put(p, failingAfter(data, PART + 7), data.length,
                Sha256.of(data), WriteMode.CREATE_NEW)).isInstanceOf(TransientStorageException.class);
        byte[] corrupt = data.clone();
        corrupt[corrupt.length - 1] ^= 1; // the tail differs: the whole-object hash cannot match
        S3Connector c = connector(PART);
        assertThatThrownBy(() -> c.put(p, new ByteArrayInputStream(corrupt), data.length, Sha256.of(data),
                WriteMode.CREATE_NEW)).isInstanceOf(ChecksumMismatchException.class);
        assertThat(c.partCounters.reused.get()).isEqualTo(1);
        assertThat(s3.objects).doesNotContainKey("big/corrupt.wav");
        assertThat(s3.uploads).as("a permanent failure aborts the resumed upload").isEmpty();
    }

    // --- an in-memory S3 for the multipart calls recsync makes ---------------------------------

    static final class FakeS3 {
        final Map<String, Upload> uploads = new TreeMap<>();
        final Map<String, byte[]> objects = new HashMap<>();
        final Map<String, Map<String, String>> objectMetadata = new HashMap<>();
        final AtomicInteger uploadPartCalls = new AtomicInteger();
        final AtomicInteger ids = new AtomicInteger();
        Instant clock = Instant.parse("2026-11-30T00:00:00Z");
        boolean recordChecksums = true;
        boolean hideUploads;

        record StoredPart(byte[] data, String sha256) {}

        static final class Upload {
            final String key;
            final Instant initiated;
            final Map<String, String> metadata;
            final TreeMap<Integer, StoredPart> parts = new TreeMap<>();

            Upload(String key, Instant initiated, Map<String, String> metadata) {
                this.key = key;
                this.initiated = initiated;
                this.metadata = metadata;
            }
        }

        S3Client client() {
            InvocationHandler h = (proxy, m, args) -> {
                Object r = handle(m, args);
                if (r != null) {
                    return r;
                }
                if (m.getName().equals("close") || m.getName().equals("serviceName")) {
                    return m.getName().equals("serviceName") ? "s3" : null;
                }
                if (m.isDefault()) {
                    return InvocationHandler.invokeDefault(proxy, m, args);
                }
                throw new UnsupportedOperationException(m.getName());
            };
            return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, h);
        }

        private static S3Exception error(int status, String code) {
            return (S3Exception) S3Exception.builder().statusCode(status)
                    .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                            .errorCode(code).errorMessage(code).build())
                    .build();
        }

        private Object handle(Method m, Object[] args) {
            Object a = args == null || args.length == 0 || m.getName().endsWith("Paginator") ? null : args[0];
            if (a instanceof HeadObjectRequest req) {
                throw error(404, "NoSuchKey");
            }
            if (a instanceof CreateMultipartUploadRequest req) {
                String id = "u" + ids.incrementAndGet();
                uploads.put(id, new Upload(req.key(), clock, req.metadata()));
                return CreateMultipartUploadResponse.builder().uploadId(id).key(req.key()).build();
            }
            if (a instanceof UploadPartRequest req) {
                uploadPartCalls.incrementAndGet();
                Upload u = uploads.get(req.uploadId());
                if (u == null) {
                    throw error(404, "NoSuchUpload");
                }
                byte[] body;
                try (InputStream in = ((RequestBody) args[1]).contentStreamProvider().newStream()) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    in.transferTo(out);
                    body = out.toByteArray();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                String sha = Base64.getEncoder().encodeToString(Sha256.newDigest().digest(body));
                if (req.checksumSHA256() != null && !req.checksumSHA256().equals(sha)) {
                    throw error(400, "BadDigest");
                }
                u.parts.put(req.partNumber(), new StoredPart(body, sha));
                return UploadPartResponse.builder().eTag("\"" + sha + "\"").build();
            }
            if (a instanceof ListMultipartUploadsRequest req) {
                List<MultipartUpload> all = new ArrayList<>();
                uploads.forEach((id, u) -> {
                    if (!hideUploads && u.key.startsWith(req.prefix() == null ? "" : req.prefix())) {
                        all.add(MultipartUpload.builder().key(u.key).uploadId(id).initiated(u.initiated).build());
                    }
                });
                int from = req.uploadIdMarker() == null ? 0 : Integer.parseInt(req.uploadIdMarker());
                int to = Math.min(all.size(), from + 2);
                return ListMultipartUploadsResponse.builder().uploads(all.subList(from, to))
                        .isTruncated(to < all.size()).nextKeyMarker(to < all.size() ? "k" : null)
                        .nextUploadIdMarker(to < all.size() ? Integer.toString(to) : null).build();
            }
            if (a instanceof ListPartsRequest req) {
                Upload u = uploads.get(req.uploadId());
                if (u == null) {
                    throw error(404, "NoSuchUpload");
                }
                List<Part> all = new ArrayList<>();
                u.parts.forEach((n, sp) -> all.add(Part.builder().partNumber(n).size((long) sp.data.length)
                        .eTag("\"" + sp.sha256 + "\"").checksumSHA256(recordChecksums ? sp.sha256 : null).build()));
                int from = req.partNumberMarker() == null ? 0 : req.partNumberMarker();
                int to = Math.min(all.size(), from + 2);
                return ListPartsResponse.builder().parts(all.subList(from, to)).isTruncated(to < all.size())
                        .nextPartNumberMarker(to < all.size() ? to : null).build();
            }
            if (a instanceof CompleteMultipartUploadRequest req) {
                Upload u = uploads.get(req.uploadId());
                if (u == null) {
                    throw error(404, "NoSuchUpload");
                }
                ByteArrayOutputStream whole = new ByteArrayOutputStream();
                int last = 0;
                for (CompletedPart cp : req.multipartUpload().parts()) {
                    StoredPart sp = u.parts.get(cp.partNumber());
                    if (sp == null || cp.partNumber() <= last
                            || (cp.checksumSHA256() != null && !cp.checksumSHA256().equals(sp.sha256))) {
                        throw error(400, "InvalidPart");
                    }
                    last = cp.partNumber();
                    whole.writeBytes(sp.data);
                }
                objects.put(u.key, whole.toByteArray());
                objectMetadata.put(u.key, u.metadata);
                uploads.remove(req.uploadId());
                return CompleteMultipartUploadResponse.builder().build();
            }
            if (a instanceof AbortMultipartUploadRequest req) {
                uploads.remove(req.uploadId());
                return AbortMultipartUploadResponse.builder().build();
            }
            return null;
        }
    }
}
