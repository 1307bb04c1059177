package io.recsync.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One run of a job at a time. The lock dies with its holder, so a killed run never leaves a lock
 * a person must remove: an OS file lock under {@code $RECSYNC_HOME/locks} with H2 (one host), a
 * PostgreSQL session advisory lock with PostgreSQL (any number of hosts sharing the state).
 */
public abstract class RunLock implements AutoCloseable {

    /** Takes the job's lock, or answers empty at once if another run holds it. */
    public static Optional<RunLock> tryAcquire(StateDatabase db, Path home, String job) {
        return db.isPostgres() ? AdvisoryLock.tryAcquire(db, job) : FileRunLock.tryAcquire(home, job);
    }

    @Override
    public abstract void close();

    private static final class FileRunLock extends RunLock {
        private final FileChannel channel;
        private final FileLock lock;

        private FileRunLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        static Optional<RunLock> tryAcquire(Path home, String job) {
            Path file = home.resolve("locks").resolve(job + ".lock");
            try {
                Files.createDirectories(file.getParent());
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null; // held by another run inside this same JVM
                }
                if (l == null) {
                    ch.close();
                    return Optional.empty();
                }
                return Optional.of(new FileRunLock(ch, l));
            } catch (IOException e) {
                throw new StateUnavailableException("cannot take the run lock " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // the OS releases it with the process anyway
            }
        }
    }

    private static final class AdvisoryLock extends RunLock {
        private final Connection connection;
        private final String job;

        private AdvisoryLock(Connection connection, String job) {
            this.connection = connection;
            this.job = job;
        }

        static Optional<RunLock> tryAcquire(StateDatabase db, String job) {
            try {
                Connection c = db.dataSource().getConnection();
                c.setAutoCommit(true);
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
                    ps.setString(1, "recsync:" + job);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            c.close();
                            return Optional.empty();
                        }
                    }
                }
                return Optional.of(new AdvisoryLock(c, job));
            } catch (SQLException e) {
                throw new StateUnavailableException("cannot take the run lock in PostgreSQL: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
                ps.setString(1, "recsync:" + job);
                ps.execute();
            } catch (SQLException ignored) {
                // closing the session below releases it as well
            } finally {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // nothing more to release
                }
            }
        }
    }
}
