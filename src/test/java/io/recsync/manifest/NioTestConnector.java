package io.recsync.manifest;

import io.recsync.connector.Connector;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.PutResult;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Just enough of a connector over a temp directory for scanner tests: it counts every byte it
 * hands out, so a test can check the scanner's own "bytes hashed" against what was really read,
 * and it can list in an awkward order, lie about a size, or lose a file between list and read.
 * Not the real local connector (that one lives in io.recsync.connector.local).
 */
final class NioTestConnector implements Connector {

    enum Order { SORTED, REVERSED, SHUFFLED }

    private final Path root;
    private Order order = Order.SORTED;
    private boolean reportChecksums;
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong opens = new AtomicLong();
    final AtomicLong stats = new AtomicLong();
    final Map<StoragePath, Long> listedSize = new HashMap<>();
    final Set<StoragePath> goneWhenOpened = new HashSet<>();

    NioTestConnector(Path root) {
        this.root = root;
    }

    NioTestConnector order(Order order) {
        this.order = order;
        return this;
    }

    /** Lists objects with their SHA-256, as S3 in checksum mode does. */
    NioTestConnector reportChecksums() {
        this.reportChecksums = true;
        return this;
    }

    @Override
    public String describe() {
        return "test:" + root;
    }

    @Override
    public ObjectInfo stat(StoragePath path) {
        stats.incrementAndGet();
        Path file = root.resolve(path.value());
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException(path + " not found");
        }
        return info(file);
    }

    @Override
    public InputStream open(StoragePath path) {
        opens.incrementAndGet();
        if (goneWhenOpened.contains(path)) {
            throw new NotFoundException(path + " not found");
        }
        try {
            return new FilterInputStream(Files.newInputStream(root.resolve(path.value()))) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        bytesRead.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int r = super.read(b, off, len);
                    if (r > 0) {
                        bytesRead.addAndGet(r);
                    }
                    return r;
                }
            };
        } catch (NoSuchFileException e) {
            throw new NotFoundException(path + " not found", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Stream<ObjectInfo> walk(StoragePath prefix) {
        List<ObjectInfo> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(prefix.isRoot() ? root : root.resolve(prefix.value()))) {
            files.filter(Files::isRegularFile).sorted().forEach(f -> all.add(info(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (order == Order.REVERSED) {
            Collections.reverse(all);
        } else if (order == Order.SHUFFLED) {
            Collections.shuffle(all, new Random(42));
        }
        return all.stream();
    }

    private ObjectInfo info(Path file) {
        try {
            StoragePath path = StoragePath.of(root.relativize(file).toString().replace('\\', '/'));
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            long size = listedSize.getOrDefault(path, a.size());
            Optional<String> sha = reportChecksums ? Optional.of(Sha256.of(Files.readAllBytes(file))) : Optional.empty();
            return new ObjectInfo(path, size, a.lastModifiedTime().toInstant(), sha);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public PutResult put(StoragePath path, InputStream data, long size, String expectedSha256, WriteMode mode) {
        throw new UnsupportedOperationException("scanner tests never write");
    }

    @Override
    public boolean delete(StoragePath path) {
        throw new UnsupportedOperationException("scanner tests never delete");
    }

    @Override
    public void close() {}
}
