package io.recsync.it;

import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * H2 row trigger a kill trial installs on {@code transfer_item}: the plan step inserts the plan's
 * rows, and at the row named by the child's system property {@code recsync.test.haltPlanAt} the
 * JVM halts (kill -9 in the middle of the plan's INSERT ... SELECT). Inert without the property.
 */
public final class HaltTrigger implements org.h2.api.Trigger {

    private static final AtomicLong ROWS = new AtomicLong();

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type) {}

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) {
        String at = System.getProperty("recsync.test.haltPlanAt");
        if (at != null && ROWS.incrementAndGet() == Long.parseLong(at)) {
            KillerConnectorFactory.halt("plan: transfer_item row #" + at);
        }
    }

    @Override
    public void close() {}

    @Override
    public void remove() {}
}
