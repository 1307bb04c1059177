package io.recsync.connector;

import java.util.EnumSet;
import java.util.Set;

/**
 * Optional features, derived from the interfaces a connector class implements so that a
 * capability can never be claimed without the code behind it.
 */
public enum Capability {
    RANGED_READ(RangedRead.class),
    SERVER_SIDE_CHECKSUM(ServerSideChecksum.class);

    private final Class<?> contract;

    Capability(Class<?> contract) {
        this.contract = contract;
    }

    public static Set<Capability> of(Connector connector) {
        Set<Capability> found = EnumSet.noneOf(Capability.class);
        for (Capability c : values()) {
            if (c.contract.isInstance(connector)) {
                found.add(c);
            }
        }
        return found;
    }
}
