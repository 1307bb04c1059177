package io.recsync.connector.s3;

import io.recsync.connector.AccessDeniedException;
import io.recsync.connector.Causes;
import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.ChecksumMismatchException;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.StorageException;
import io.recsync.connector.TransientStorageException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Typed errors from what the SDK throws: the HTTP status and S3 error code decide, the message only
 * explains. Messages name the site as {@code s3://bucket/prefix}; the SDK never puts the secret key
 * into its messages (it signs with it, it does not send it).
 */
final class S3Errors {

    private S3Errors() {}

    /** Runs one SDK call, turning what it throws into the contract's typed errors. */
    static <T> T call(String site, String action, String key, Supplier<T> op) {
        try {
            return op.get();
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(e, site, action, key);
        }
    }

    static StorageException translate(Exception e, String site, String action, String key) {
        String what = site + ": cannot " + action + " " + key + ": ";
        StorageException ours = Causes.find(e, StorageException.class);
        if (ours != null) {
            // Raised by recsync's own stream while the SDK was reading it (short, long or wrong bytes).
            return ours;
        }
        S3Exception s3 = Causes.find(e, S3Exception.class);
        if (s3 != null) {
            return fromStatus(s3, what, site);
        }
        if (e instanceof SdkClientException client && isMissingCredentials(client)) {
            return new AccessDeniedException(what + "no credentials: set accessKeyId and secretAccessKey (as ${ENV}"
                    + " references), 'profile', or the SDK's environment (AWS_ACCESS_KEY_ID, ~/.aws/credentials)", e);
        }
        if (e instanceof SdkException) {
            // Connection refused or reset, timeouts, an unreadable response: a later attempt may succeed.
            return new TransientStorageException(what + "connection problem (" + Causes.rootMessage(e) + ")", e);
        }
        return new PermanentStorageException(what + Causes.rootMessage(e), e);
    }

    private static StorageException fromStatus(S3Exception s3, String what, String site) {
        String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
        String detail = (code == null ? "" : code + ": ") + messageOf(s3);
        int status = s3.statusCode();
        if ("NoSuchBucket".equals(code)) {
            return new PermanentStorageException(what + "the bucket does not exist (" + site
                    + "); create it or correct 'bucket' in the profile", s3);
        }
        if ("BadDigest".equals(code) || "InvalidDigest".equals(code) || "XAmzContentSHA256Mismatch".equals(code)) {
            return new ChecksumMismatchException(what + "the server received bytes that do not match their SHA-256"
                    + " and refused them; nothing was stored (" + detail + ")", s3);
        }
        if ("SlowDown".equals(code) || "RequestTimeout".equals(code) || "InternalError".equals(code)) {
            return new TransientStorageException(what + detail, s3);
        }
        return switch (status) {
            case 404 -> new NotFoundException(what + "no such object", s3);
            case 401, 403 -> new AccessDeniedException(what + "access denied (" + detail + "); check the credentials"
                    + " and that the bucket policy lets them read, write and list under the prefix", s3);
            case 412 -> new AlreadyExistsException(what + "the name is taken", s3);
            case 408, 409, 429 -> new TransientStorageException(what + detail, s3);
            default -> status >= 500
                    ? new TransientStorageException(what + "the server failed (" + status + " " + detail + ")", s3)
                    : new PermanentStorageException(what + "the server answered " + status + " " + detail, s3);
        };
    }

    private static boolean isMissingCredentials(SdkClientException e) {
        String m = e.getMessage();
        return m != null && m.contains("Unable to load credentials");
    }

    private static String messageOf(S3Exception e) {
        if (e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null) {
            return e.awsErrorDetails().errorMessage();
        }
        return String.valueOf(e.getMessage());
    }
}
