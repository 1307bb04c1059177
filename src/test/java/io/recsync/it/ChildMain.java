package io.recsync.it;

import io.recsync.cli.CliEnvironment;
import io.recsync.cli.Recsync;
import io.recsync.connector.ConnectorCatalog;
import io.recsync.connector.local.LocalConnectorFactory;
import io.recsync.sync.RetryPolicy;
import java.util.List;

/** The CLI as a separate process with the test kinds registered: what crash tests kill. */
public final class ChildMain {

    private ChildMain() {}

    public static void main(String[] args) {
        LocalConnectorFactory local = new LocalConnectorFactory();
        CliEnvironment env = new CliEnvironment(System.getenv(),
                new ConnectorCatalog(List.of(local, new FaultyConnectorFactory(local))), RetryPolicy.Sleeper.REAL, false);
        System.exit(new Recsync(env).run(System.out, System.err, args));
    }
}
