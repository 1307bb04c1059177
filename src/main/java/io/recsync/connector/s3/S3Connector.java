package io.recsync.connector.s3;

import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.Connector;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.PathRejectedException;
import io.recsync.connector.PutResult;
import io.recsync.connector.RangedRead;
import io.recsync.connector.ServerSideChecksum;
import io.recsync.connector.Sha256;
import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Kind {@code s3}. An object appears only when its upload completes, so S3 needs no temp names:
 * a single PutObject carries the SHA-256 recsync already knows ({@code x-amz-checksum-sha256}) and
 * the server refuses bytes that do not match; larger objects go through {@link MultipartPut}.
 * {@link VerifyingSource} also proves size and hash before the last byte leaves, so a server that
 * ignores the header still never completes a wrong object.
 */
public final class S3Connector implements Connector, RangedRead, ServerSideChecksum {

    private static final Logger LOG = Logger.getLogger(S3Connector.class.getName());

    static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Settings settings;
    private final S3Client client;
    private final String site;
    /** Parts sent and parts kept from interrupted uploads, over this connector's life. */
    final MultipartPut.PartCounters partCounters = new MultipartPut.PartCounters();
    private final NoneMatchProbe noneMatch = new NoneMatchProbe(this);

    S3Connector(S3Settings settings, S3Client client) {
        this.settings = settings;
        this.client = client;
        this.site = settings.describe();
    }

    public static S3Connector create(S3Settings settings) {
        // An http:// endpoint is warned about by the profile check every command makes (S3Settings#warnings).
        return new S3Connector(settings, S3Clients.create(settings));
    }

    @Override
    public String describe() {
        return site;
    }

    @Override
    public ObjectInfo stat(StoragePath path) {
        HeadObjectResponse head = head(path);
        return new ObjectInfo(path, head.contentLength(), head.lastModified(), fullObjectSha256(head));
    }

    @Override
    public Optional<String> storedSha256(StoragePath path) {
        return find(path).flatMap(ObjectInfo::sha256);
    }

    @Override
    public InputStream open(StoragePath path) {
        return open(path, 0);
    }

    @Override
    public InputStream open(StoragePath path, long offset) {
        String key = settings.key(requireObjectName(path));
        return call("read", key, () -> client.getObject(b -> {
            b.bucket(settings.bucket()).key(key);
            if (offset > 0) {
                b.range("bytes=" + offset + "-");
            }
        }));
    }

    @Override
    public Stream<ObjectInfo> walk(StoragePath prefix) {
        String listPrefix = settings.listPrefix(prefix);
        String base = settings.listPrefix(StoragePath.ROOT);
        // URL-encoded keys: XML 1.0 cannot carry a key holding a control character, which any other
        // writer to the bucket may create; the SDK decodes them again.
        Iterator<S3Object> pages = call("list", listPrefix, () -> client.listObjectsV2Paginator(b -> b
                .bucket(settings.bucket()).prefix(listPrefix).encodingType(EncodingType.URL)).contents().iterator());
        Iterator<S3Object> typed = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return call("list", listPrefix, pages::hasNext);
            }

            @Override
            public S3Object next() {
                return call("list", listPrefix, pages::next);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(typed, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .filter(o -> !o.key().endsWith("/")) // folder markers some consoles create
                .map(o -> toInfo(o, base))
                .flatMap(Optional::stream);
    }

    private Optional<ObjectInfo> toInfo(S3Object o, String base) {
        String relative = o.key().substring(base.length());
        try {
            StoragePath path = StoragePath.of(relative);
            if (path.value().equals(relative)) {
                return Optional.of(new ObjectInfo(path, o.size(), o.lastModified()));
            }
            LOG.warning(site + ": skipping object key '" + o.key() + "': no site path names it exactly");
        } catch (PathRejectedException e) {
            // A key no recording path can have ("../x", control characters): never handed on, where
            // it could name something outside the site when copied to a filesystem.
            LOG.warning(site + ": skipping object key '" + o.key() + "': " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * A single PUT carries {@code If-None-Match: *}, which the server checks before it stores
     * anything; a multipart put looks by itself before its first part. So once the server is seen
     * refusing (one probe per connector, {@link NoneMatchProbe}) a look before each put would only
     * add a HEAD per object.
     */
    @Override
    public boolean refusesTakenNameInPut() {
        return noneMatch.enforced();
    }

    @Override
    public PutResult put(StoragePath path, InputStream data, long size, String expectedSha256, WriteMode mode) {
        return put(path, data, size, expectedSha256, mode, null);
    }

    /** With the profile's Object Lock, when it has one and the put is of a recording's file ({@code recordedAt} given). */
    @Override
    public PutResult put(StoragePath path, InputStream data, long size, String expectedSha256, WriteMode mode,
            java.time.Instant recordedAt) {
        ObjectLockSettings lock = recordedAt == null ? null : settings.objectLock();
        java.time.Instant until = lock == null ? null : lock.retainUntil(recordedAt, java.time.Instant.now());
        return put(path, data, size, expectedSha256, mode, lock, until);
    }

    private PutResult put(StoragePath path, InputStream data, long size, String expectedSha256, WriteMode mode,
            ObjectLockSettings lock, java.time.Instant until) {
        requireObjectName(path);
        if (!Sha256.isValidHex(expectedSha256)) {
            throw new IllegalArgumentException("expected SHA-256 must be 64 lower-case hex digits, got '" + expectedSha256 + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, got " + size);
        }
        String key = settings.key(path);
        VerifyingSource source = new VerifyingSource(data, size, expectedSha256, site + " " + key);
        if (size > settings.multipartThreshold()) {
            if (mode == WriteMode.CREATE_NEW && find(path).isPresent()) {
                // Asked before sending gigabytes the server would refuse at completion (If-None-Match
                // there settles races). A single PUT needs no look: the server refuses it before
                // storing anything, which `sites check` proves the server does.
                throw new AlreadyExistsException(site + ": cannot write " + key + ": the name is taken");
            }
            return new MultipartPut(client, settings, site, partCounters)
                    .locked(lock == null ? null : lock.mode(), until, lock == null ? null : lock.holdStatus())
                    .run(path, key, source, size, expectedSha256, mode);
        }
        try {
            call("write", key, () -> client.putObject(putRequest(key, size, expectedSha256, mode, lock, until),
                    RequestBody.fromContentProvider(source::forAttempt, size, CONTENT_TYPE)));
        } catch (StorageException e) {
            // The SDK may have wrapped or retried past the reason recsync's own stream gave.
            throw source.rejection().orElse(e);
        }
        return new PutResult(path, size, source.sha256());
    }

    private PutObjectRequest putRequest(String key, long size, String sha256, WriteMode mode, ObjectLockSettings lock,
            java.time.Instant until) {
        PutObjectRequest.Builder b = PutObjectRequest.builder()
                .bucket(settings.bucket())
                .key(key)
                .contentLength(size)
                .checksumSHA256(base64(sha256))
                .metadata(Map.of(MultipartPut.SHA256_METADATA, sha256))
                .storageClass(settings.storageClass())
                .serverSideEncryption(settings.serverSideEncryption())
                .ssekmsKeyId(settings.kmsKeyId());
        if (mode == WriteMode.CREATE_NEW) {
            b.ifNoneMatch("*");
        }
        if (lock != null) {
            if (until != null) {
                b.objectLockMode(lock.mode()).objectLockRetainUntilDate(until);
            }
            b.objectLockLegalHoldStatus(lock.holdStatus());
        }
        return b.build();
    }

    /**
     * Puts a probe under {@code .recsync/} with the profile's lock (retained for one minute only,
     * so a bucket that does enforce it keeps the probe no longer than that) and reads the lock back
     * with HEAD and GetObjectRetention / GetObjectLegalHold. A server that refuses the headers, or
     * stores the object without the lock (s3proxy drops headers it does not implement), does not
     * enforce Object Lock: said plainly, never assumed.
     */
    @Override
    public java.util.Optional<LockFinding> proveObjectLock() {
        ObjectLockSettings lock = settings.objectLock();
        if (lock == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ObjectLockProbe(this, client, settings).prove(lock));
    }

    /** For the lock probe: a put with an explicit lock. */
    PutResult putLocked(StoragePath path, byte[] bytes, ObjectLockSettings lock, java.time.Instant until) {
        return put(path, new java.io.ByteArrayInputStream(bytes), bytes.length, Sha256.of(bytes), WriteMode.CREATE_NEW,
                lock, until);
    }

    @Override
    public boolean delete(StoragePath path) {
        // DeleteObject succeeds on a missing key; the contract says whether something was there.
        if (find(path).isEmpty()) {
            return false;
        }
        deleteKnown(path);
        return true;
    }

    /** DeleteObject without asking first whether the object is there. */
    void deleteKnown(StoragePath path) {
        String key = settings.key(requireObjectName(path));
        call("delete", key, () -> client.deleteObject(b -> b.bucket(settings.bucket()).key(key)));
    }

    @Override
    public void close() {
        client.close();
    }

    private HeadObjectResponse head(StoragePath path) {
        String key = settings.key(requireObjectName(path));
        try {
            return call("stat", key, () -> client.headObject(b -> b.bucket(settings.bucket()).key(key)
                    .checksumMode(ChecksumMode.ENABLED)));
        } catch (NotFoundException e) {
            throw new NotFoundException(site + ": no object " + key, e);
        }
    }

    /**
     * The SHA-256 the server verified on upload, when it covers the whole object. A multipart
     * object's checksum is one of its parts' checksums (composite): not the file's hash.
     */
    private static Optional<String> fullObjectSha256(HeadObjectResponse head) {
        String b64 = head.checksumSHA256();
        if (b64 == null || b64.contains("-") || head.checksumType() == ChecksumType.COMPOSITE) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return raw.length == 32 ? Optional.of(Sha256.hex(raw)) : Optional.empty();
    }

    private static StoragePath requireObjectName(StoragePath path) {
        if (path.isRoot()) {
            throw new PathRejectedException("", "the site root is not an object name");
        }
        return path;
    }

    static String base64(String hexSha256) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hexSha256));
    }

    private <T> T call(String action, String key, Supplier<T> op) {
        return S3Errors.call(site, action, key, op);
    }
}
