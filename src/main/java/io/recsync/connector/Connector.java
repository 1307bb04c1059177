package io.recsync.connector;

import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The storage contract every site kind implements. Small on purpose: everything recsync does
 * (scan, copy, verify, publish manifests) is built from these calls, and one shared contract test
 * suite holds every implementation to the same behaviour.
 *
 * <p>Every method may throw {@link TransientStorageException} (timeouts, resets, throttling, 5xx:
 * worth retrying), {@link AccessDeniedException} (credentials or permissions: retrying will not
 * help), {@link PermanentStorageException} (anything else that will fail again). Implementations
 * are safe for concurrent use by several transfer threads.
 */
public interface Connector extends AutoCloseable {

    /** Short, secret-free description for messages, e.g. {@code sftp://dr.example:22/recordings}. */
    String describe();

    /**
     * Metadata of one object.
     *
     * @throws NotFoundException if nothing is stored at {@code path}
     */
    ObjectInfo stat(StoragePath path);

    /** {@link #stat} that answers empty instead of throwing {@link NotFoundException}. */
    default Optional<ObjectInfo> find(StoragePath path) {
        try {
            return Optional.of(stat(path));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Opens an object for reading from its first byte. The caller closes the stream.
     *
     * @throws NotFoundException if nothing is stored at {@code path}
     */
    InputStream open(StoragePath path);

    /**
     * Every object below {@code prefix} (recursively; {@link StoragePath#ROOT} for the whole site),
     * in no particular order, lazily: a site may hold millions. The caller closes the stream.
     * (Connectors that walk directory by directory list whole paths in {@link String#compareTo}
     * order, which lets a scan match the listing with its checksum cache as it goes; a scan is
     * correct in any order, only slower.)
     * Temp objects of unfinished puts are not listed.
     */
    Stream<ObjectInfo> walk(StoragePath prefix);

    /**
     * Stores {@code size} bytes from {@code data} at {@code path} so that the object appears at its
     * final name only when complete and verified: the SHA-256 of the bytes written must equal
     * {@code expectedSha256}, or nothing is left behind and {@link ChecksumMismatchException} is
     * thrown. Missing parent directories are created.
     *
     * @param expectedSha256 lower-case hex SHA-256 the bytes must have
     * @throws AlreadyExistsException with {@link WriteMode#CREATE_NEW} when the final name exists
     * @throws ChecksumMismatchException when the bytes do not hash to {@code expectedSha256} or
     *     their count differs from {@code size}
     */
    PutResult put(StoragePath path, InputStream data, long size, String expectedSha256, WriteMode mode);

    /**
     * As {@link #put(StoragePath, InputStream, long, String, WriteMode)}, for a file of a recording
     * made at {@code recordedAt}: a storage that locks objects for a span from the recording's time
     * (S3 Object Lock, when its profile asks for it) sets the lock in the put itself, so that the
     * object is never visible unlocked. Every other storage ignores the time.
     */
    default PutResult put(StoragePath path, InputStream data, long size, String expectedSha256, WriteMode mode,
            java.time.Instant recordedAt) {
        return put(path, data, size, expectedSha256, mode);
    }

    /**
     * Whether the objects this storage writes are locked as its profile asks, proven by writing a
     * probe with the lock and reading the lock back. Empty when the profile asks for no lock;
     * otherwise a sentence: "object lock enforced: ..." or "object lock not enforced by this server: ...".
     *
     * @return the finding, and whether the lock holds
     */
    default java.util.Optional<LockFinding> proveObjectLock() {
        return java.util.Optional.empty();
    }

    /** What {@link #proveObjectLock} found. */
    record LockFinding(boolean enforced, String text) {}

    /**
     * True when a {@link WriteMode#CREATE_NEW} put onto a taken name is refused by the storage in
     * the put's own request, before anything is stored, so a copier should put at once instead of
     * looking first: the look would cost a round trip per file to save one only when the name is
     * taken, which a planned copy almost never meets. The refusal is an {@link AlreadyExistsException}
     * thrown before any byte of the data is read (S3: {@code If-None-Match}; SFTP: the put's channel
     * looks and creates in the same round trip). False by default: a put that streams into a temp
     * name and publishes last would send every byte before it learns the name is taken.
     */
    default boolean refusesTakenNameInPut() {
        return false;
    }

    /**
     * Removes one object (temp clean-up, quarantine, and a target group's fallback copy released with
     * {@code release: true} once its preferred copy is proven: recsync deletes no other recording).
     *
     * @return false if there was nothing to delete
     */
    boolean delete(StoragePath path);

    /**
     * Removes what an interrupted put of {@code path} may have left beside it (its temp name), once
     * the caller has verified that {@code path} itself holds the object. Needed where a put was cut
     * after publishing but before removing its temp: no later put of that name would ever come to
     * remove it. Kinds whose puts leave nothing behind do nothing.
     */
    default void dropLeftoverOf(StoragePath path) {}

    /** Releases connections. Further calls fail. */
    @Override
    void close();
}
