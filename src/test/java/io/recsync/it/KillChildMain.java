package io.recsync.it;

import io.recsync.cli.CliEnvironment;
import io.recsync.cli.Recsync;
import io.recsync.connector.ConnectorCatalog;
import io.recsync.connector.local.LocalConnectorFactory;
import io.recsync.sync.RetryPolicy;
import java.util.List;

/** The CLI as a child process with the {@code killer} and {@code faulty} test kinds: what KillTrialsIT kills. */
public final class KillChildMain {

    private KillChildMain() {}

    public static void main(String[] args) {
        LocalConnectorFactory local = new LocalConnectorFactory();
        CliEnvironment env = new CliEnvironment(System.getenv(), new ConnectorCatalog(List.of(local,
                new KillerConnectorFactory(local), new FaultyConnectorFactory(local))), RetryPolicy.Sleeper.REAL, false);
        System.exit(new Recsync(env).run(System.out, System.err, args));
    }
}
