package io.recsync.connector.s3;

import io.recsync.config.Secret;
import io.recsync.config.Settings;
import io.recsync.connector.PathRejectedException;
import io.recsync.connector.StoragePath;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Profile of kind {@code s3}: a bucket (and a key prefix inside it) on AWS or on any S3-compatible
 * store (MinIO, Ceph, Wasabi, s3proxy) reached by {@code endpoint}. Credentials are references
 * only ({@code ${ENV}} or {@code <field>File}), an AWS profile name, or the SDK's default chain.
 *
 * @param prefix key prefix every object of the site lives under, without slashes at either end; "" for the whole bucket
 * @param endpoint null for AWS itself; otherwise the S3-compatible server's base URI
 * @param serverSideEncryption null (the bucket's default), {@code AES256} (SSE-S3) or {@code aws:kms} (SSE-KMS)
 * @param multipartThreshold objects larger than this go through a multipart upload
 * @param partSize bytes per part of a multipart upload; one part per upload is held in memory
 * @param objectLock S3 Object Lock on the recordings written ({@code objectLock:}), null for none
 */
public record S3Settings(String bucket, String prefix, String region, URI endpoint, boolean pathStyle,
        Secret accessKeyId, Secret secretAccessKey, Secret sessionToken, String profile, String storageClass,
        String serverSideEncryption, String kmsKeyId, long multipartThreshold, long partSize,
        Duration connectTimeout, Duration requestTimeout, int maxConnections, ObjectLockSettings objectLock) {

    public S3Settings(String bucket, String prefix, String region, URI endpoint, boolean pathStyle,
            Secret accessKeyId, Secret secretAccessKey, Secret sessionToken, String profile, String storageClass,
            String serverSideEncryption, String kmsKeyId, long multipartThreshold, long partSize,
            Duration connectTimeout, Duration requestTimeout, int maxConnections) {
        this(bucket, prefix, region, endpoint, pathStyle, accessKeyId, secretAccessKey, sessionToken, profile, storageClass,
                serverSideEncryption, kmsKeyId, multipartThreshold, partSize, connectTimeout, requestTimeout, maxConnections,
                null);
    }

    static final long MIB = 1024 * 1024;
    /** S3's floor for every part but the last. */
    static final long MIN_PART = 5 * MIB;
    /** S3's ceiling for one PutObject and for one part. */
    static final long MAX_PART = 5L * 1024 * MIB;
    static final long DEFAULT_MULTIPART_THRESHOLD = 64 * MIB;
    static final long DEFAULT_PART_SIZE = 16 * MIB;
    static final int DEFAULT_MAX_CONNECTIONS = 16;

    /** Classes recsync can read back at once to verify; archive tiers are reached by lifecycle rules. */
    static final List<String> STORAGE_CLASSES = List.of("STANDARD", "STANDARD_IA", "ONEZONE_IA",
            "INTELLIGENT_TIERING", "GLACIER_IR", "REDUCED_REDUNDANCY");

    // Bucket names as S3 allows them (3-63 of lower-case letters, digits, '.', '-'); some
    // S3-compatible stores allow '_' and capitals, which the SDK passes on as they are.
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,62}");

    public static S3Settings from(Settings s) {
        s.optionalString("type", "s3");
        String bucket = s.requireString("bucket").trim();
        if (!BUCKET.matcher(bucket).matches()) {
            throw s.error("bucket", "'" + bucket + "' is not a bucket name (3-63 letters, digits, '.', '-');"
                    + " give the bucket only, and the folder inside it as 'prefix'");
        }
        String prefix = prefix(s);
        URI endpoint = endpoint(s);
        String region = s.optionalString("region", endpoint == null ? null : "us-east-1");
        if (region == null) {
            throw s.error("region", "is required for AWS S3 (e.g. eu-central-1); it may be left out only with an"
                    + " 'endpoint' for an S3-compatible server");
        }
        boolean pathStyle = s.optionalBoolean("pathStyle", endpoint != null);
        // An access key id names the key, like a user name: it may be written out (the secret key may not).
        Secret keyId = s.has("accessKeyId") && !s.has("accessKeyIdFile")
                ? new Secret(s.optionalString("accessKeyId", null).trim()) : s.optionalSecret("accessKeyId");
        Secret secretKey = s.optionalSecret("secretAccessKey");
        Secret token = s.optionalSecret("sessionToken");
        String profile = s.optionalString("profile", null);
        String storageClass = storageClass(s);
        String sse = s.optionalChoice("serverSideEncryption", null, "none", "AES256", "aws:kms");
        String kmsKeyId = s.optionalString("kmsKeyId", null);
        long threshold = s.optionalByteSize("multipartThreshold", DEFAULT_MULTIPART_THRESHOLD, MIN_PART, MAX_PART);
        long partSize = s.optionalByteSize("partSize", DEFAULT_PART_SIZE, MIN_PART, MAX_PART);
        Duration connect = s.optionalTimeout("connectTimeout", Duration.ofSeconds(15));
        Duration request = s.optionalTimeout("requestTimeout", Duration.ofSeconds(60));
        int maxConnections = s.optionalInt("maxConnections", DEFAULT_MAX_CONNECTIONS, 1, 256);
        ObjectLockSettings objectLock = s.has("objectLock") ? ObjectLockSettings.parse(s.child("objectLock")) : null;
        s.finish();

        if ((keyId == null) != (secretKey == null)) {
            throw s.error(keyId == null ? "accessKeyId" : "secretAccessKey", "is required too: give accessKeyId and"
                    + " secretAccessKey together, or neither to use 'profile' or the SDK's default credential chain");
        }
        if (token != null && keyId == null) {
            throw s.error("sessionToken", "is given without accessKeyId and secretAccessKey");
        }
        if (profile != null && keyId != null) {
            throw s.error("profile", "and accessKeyId are both given; choose one source of credentials");
        }
        if ("none".equals(sse)) {
            sse = null;
        }
        if (kmsKeyId != null && !"aws:kms".equals(sse)) {
            throw s.error("kmsKeyId", "is only used with serverSideEncryption: aws:kms");
        }
        return new S3Settings(bucket, prefix, region.trim(), endpoint, pathStyle, keyId, secretKey, token, profile,
                storageClass, sse, kmsKeyId, threshold, partSize, connect, request, maxConnections, objectLock);
    }

    private static String prefix(Settings s) {
        String raw = s.optionalString("prefix", "").trim();
        while (raw.startsWith("/")) {
            raw = raw.substring(1);
        }
        if (raw.isEmpty()) {
            return "";
        }
        try {
            return StoragePath.of(raw).value();
        } catch (PathRejectedException e) {
            throw s.error("prefix", "'" + raw + "' is not a usable key prefix: " + e.getMessage());
        }
    }

    private static URI endpoint(Settings s) {
        String raw = s.optionalString("endpoint", null);
        if (raw == null) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(raw.trim());
        } catch (IllegalArgumentException e) {
            throw s.error("endpoint", "is not a URI: " + e.getMessage());
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw s.error("endpoint", "must be https://host[:port] (or http://host[:port] to go without TLS on"
                    + " purpose), got '" + raw + "'");
        }
        if (uri.getUserInfo() != null) {
            throw s.error("endpoint", "must not carry credentials; use accessKeyId and secretAccessKey references");
        }
        return uri;
    }

    private static String storageClass(Settings s) {
        String v = s.optionalString("storageClass", null);
        if (v == null) {
            return null;
        }
        String upper = v.trim().toUpperCase();
        if (upper.equals("GLACIER") || upper.equals("DEEP_ARCHIVE")) {
            throw s.error("storageClass", upper + " objects cannot be read back at once, so recsync could not verify"
                    + " or re-copy them; write STANDARD (or GLACIER_IR) and move older recordings with a lifecycle rule");
        }
        if (!STORAGE_CLASSES.contains(upper)) {
            throw s.error("storageClass", "must be one of " + String.join(", ", STORAGE_CLASSES) + ", got '" + v + "'");
        }
        return upper;
    }


    /**
     * What the profile allows but every run says first: keys are never sent (requests are signed),
     * but over http:// recordings and their metadata cross the network readable by anyone on the path.
     */
    public List<String> warnings() {
        if (endpoint != null && "http".equals(endpoint.getScheme())) {
            return List.of(describe() + ": the endpoint is http://, so recordings travel unencrypted; use https://"
                    + " unless this link is private to the recording network");
        }
        return List.of();
    }

    /** The object key of a site path. */
    String key(StoragePath path) {
        return prefix.isEmpty() ? path.value() : prefix + "/" + path.value();
    }

    /** The listing prefix for everything at or below {@code path}. */
    String listPrefix(StoragePath path) {
        if (path.isRoot()) {
            return prefix.isEmpty() ? "" : prefix + "/";
        }
        return key(path) + "/";
    }

    /** How the site shows in messages and reports: {@code s3://bucket/prefix} (+ endpoint), no secrets. */
    public String describe() {
        String where = "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
        return endpoint == null ? where : where + " at " + endpoint;
    }
}
