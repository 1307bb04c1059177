package io.recsync.connector;

import io.recsync.config.Settings;
import java.io.InputStream;
import java.util.stream.Stream;

/**
 * A connector that hands every call to another one: the base of the test kinds that inject faults,
 * halt the JVM or count bytes, each overriding only the calls it changes.
 */
public abstract class ForwardingConnector implements Connector {

    protected final Connector inner;

    protected ForwardingConnector(Connector inner) {
        this.inner = inner;
    }

    /** Opens the {@code delegate:} profile nested in a wrapping kind's profile. */
    public static Connector openDelegate(Settings profile, ConnectorFactory factory) {
        Settings nested = profile.child("delegate");
        nested.requireString("type"); // read here, as the catalog does for a top-level profile
        return factory.create(nested);
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public ObjectInfo stat(StoragePath path) {
        return inner.stat(path);
    }

    @Override
    public InputStream open(StoragePath path) {
        return inner.open(path);
    }

    @Override
    public Stream<ObjectInfo> walk(StoragePath prefix) {
        return inner.walk(prefix);
    }

    @Override
    public PutResult put(StoragePath path, InputStream data, long size, String expectedSha256, WriteMode mode) {
        return inner.put(path, data, size, expectedSha256, mode);
    }

    @Override
    public java.util.Optional<LockFinding> proveObjectLock() {
        return inner.proveObjectLock();
    }

    @Override
    public boolean delete(StoragePath path) {
        return inner.delete(path);
    }

    @Override
    public void close() {
        inner.close();
    }
}
