package io.recsync.connector.remote;

import io.recsync.connector.Connector;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.PutResult;
import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TempNames;
import io.recsync.connector.TransientStorageException;
import io.recsync.connector.WriteMode;
import java.io.InputStream;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The connector contract over any store reached through Commons VFS: a pool of sessions, the
 * verified temp-then-publish put, the lazy walk and one place where errors become typed. A kind
 * supplies its {@link RemoteSession} and its error translation; everything an operator relies on
 * (nothing half-written at a final name, nothing replaced by CREATE_NEW) is decided here once.
 */
public abstract class AbstractRemoteConnector<S extends RemoteSession> implements Connector {

    private static final Logger LOG = Logger.getLogger(AbstractRemoteConnector.class.getName());

    /** One operation on a borrowed session. */
    @FunctionalInterface
    protected interface SessionCall<S, T> {
        T apply(S session) throws Exception;
    }

    private final String description;
    private final SessionPool<S> pool;
    private final PathLocks locks = new PathLocks();
    private final java.util.concurrent.atomic.AtomicLong bytesResumed = new java.util.concurrent.atomic.AtomicLong();

    protected AbstractRemoteConnector(String description, int maxSessions, SessionPool.Opener<S> opener) {
        this.description = description;
        this.pool = new SessionPool<>(maxSessions, opener);
    }

    /**
     * Turns what the library threw into the typed error the job's retry policy keys off.
     *
     * @param action what was being done, e.g. "write", for the message
     */
    protected abstract StorageException translate(Exception e, String action, StoragePath path);

    @Override
    public String describe() {
        return description;
    }

    /** Sessions opened so far; a reused session counts once. */
    public int sessionsOpened() {
        return pool.opened();
    }

    @Override
    public ObjectInfo stat(StoragePath path) {
        RemoteEntry e = withSession("stat", path, s -> s.stat(path))
                .filter(RemoteEntry::isFile)
                .orElseThrow(() -> notFound(path));
        return new ObjectInfo(path, e.size(), e.modified());
    }

    @Override
    public InputStream open(StoragePath path) {
        return openAt(path, 0);
    }

    /** Opens {@code path} at byte {@code offset}; the stream keeps its session until closed. */
    protected InputStream openAt(StoragePath path, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        S session = borrow("open", path);
        try {
            if (session.stat(path).map(RemoteEntry::isFile).orElse(false)) {
                return new SessionBoundInputStream<>(session.read(path, offset), session, pool);
            }
        } catch (Exception e) {
            throw failed(session, e, "open", path);
        }
        pool.release(session);
        throw notFound(path);
    }

    @Override
    public Stream<ObjectInfo> walk(StoragePath prefix) {
        Optional<RemoteEntry> start = prefix.isRoot() ? Optional.of(new RemoteEntry("", RemoteEntry.Kind.DIRECTORY, 0, null))
                : withSession("list", prefix, s -> s.stat(prefix));
        if (start.isEmpty()) {
            return Stream.empty();
        }
        if (start.get().isFile()) {
            RemoteEntry f = start.get();
            return Stream.of(new ObjectInfo(prefix, f.size(), f.modified()));
        }
        if (!start.get().isDirectory()) {
            return Stream.empty();
        }
        LazyWalk walk = new LazyWalk(prefix, dir -> withSession("list", dir, s -> s.list(dir)));
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walk, Spliterator.NONNULL), false);
    }

    @Override
    public PutResult put(StoragePath path, InputStream data, long size, String expectedSha256, WriteMode mode) {
        VerifiedPut put = new VerifiedPut(path, data, size, expectedSha256, mode, description,
                e -> (e instanceof StorageException se ? se : translate(e, "write", path)).isTransient())
                .lookingFirst(refusesTakenNameInPut());
        return locks.withLock(path, () -> {
            try {
                PutResult r = withSession("write", path, put::run);
                bytesResumed.addAndGet(put.reused());
                return r;
            } catch (VerifiedPut.SourceFailure | VerifiedPut.StaleTemp e) {
                throw e; // the target session was fine and already removed (or kept) the temp
            } catch (TransientStorageException e) {
                if (!put.keptTemp()) {
                    removeTempOnAFreshSession(path, e);
                }
                throw e;
            }
        });
    }

    /** The connection died mid-put, so the temp may still be there: one more try, on a new session. */
    private void removeTempOnAFreshSession(StoragePath path, StorageException cause) {
        StoragePath temp = TempNames.tempFor(path);
        try {
            withSession("remove the temp file", temp, s -> s.delete(temp));
        } catch (RuntimeException e) {
            cause.addSuppressed(e); // the next put of this name replaces it
        }
    }

    /** Bytes of partial temps, left by interrupted puts, that later puts proved and kept (not sent again). */
    public long bytesResumed() {
        return bytesResumed.get();
    }

    @Override
    public boolean delete(StoragePath path) {
        return withSession("delete", path, s -> s.delete(path));
    }

    @Override
    public void dropLeftoverOf(StoragePath path) {
        StoragePath temp = TempNames.tempFor(path);
        try {
            if (withSession("remove the leftover temp of", path, s -> s.delete(temp))) {
                LOG.info(describe() + ": removed " + temp + ", left beside " + path + " by an interrupted put");
            }
        } catch (StorageException e) {
            // Housekeeping only: the recording is verified in place; the hidden temp is never listed.
            LOG.fine(describe() + ": could not remove " + temp + " now: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Runs {@code call} on a pooled session; a session whose failure may be the connection is discarded. */
    protected final <T> T withSession(String action, StoragePath path, SessionCall<S, T> call) {
        S session = borrow(action, path);
        T result;
        try {
            result = call.apply(session);
        } catch (Exception e) {
            throw failed(session, e, action, path);
        } catch (Error e) {
            pool.discard(session);
            throw e;
        }
        pool.release(session);
        return result;
    }

    private S borrow(String action, StoragePath path) {
        try {
            return pool.borrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientStorageException(description + ": interrupted while waiting for a free session to " + action + " " + path, e);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw translate(e, "connect to " + action, path);
        }
    }

    private StorageException failed(S session, Exception e, String action, StoragePath path) {
        StorageException typed = e instanceof StorageException se ? se : translate(e, action, path);
        if (typed.isTransient() && !(typed instanceof VerifiedPut.SourceFailure) && !(typed instanceof VerifiedPut.StaleTemp)) {
            pool.discard(session);
        } else {
            pool.release(session);
        }
        return typed;
    }

    private NotFoundException notFound(StoragePath path) {
        return new NotFoundException(description + ": no object at " + path);
    }
}
