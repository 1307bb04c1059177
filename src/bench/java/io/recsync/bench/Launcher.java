package io.recsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * recsync as an operator starts it: the {@code recsync} launcher script on the packaged jar, with
 * its fast start (an extracted jar and a class-data-sharing archive recorded by the first completed
 * sync). {@link #warmUp} makes that first sync an untimed one, as on a machine where recsync has run
 * before; every timed run then starts the way a nightly does.
 */
final class Launcher {

    final Path script;
    final Path jar;

    Launcher(Path script, Path jar) {
        this.script = script.toAbsolutePath();
        this.jar = jar.toAbsolutePath();
        if (!Files.isRegularFile(this.jar)) {
            throw new AssertionError("no recsync jar at " + this.jar + ": build it (mvn package) or pass -Dbench.jar");
        }
        if (!Files.isExecutable(this.script)) {
            throw new AssertionError("no launcher script at " + this.script + ": pass -Dbench.launcher");
        }
    }

    static Launcher fromProperties() {
        return new Launcher(Path.of(System.getProperty("bench.launcher", "recsync")),
                Path.of(System.getProperty("bench.jar", "target/recsync.jar")));
    }

    List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The environment of a run: this jar, the given state home and JVM options. */
    Map<String, String> env(Path home, String javaOpts) {
        Map<String, String> env = new HashMap<>();
        env.put("RECSYNC_JAR", jar.toString());
        env.put("RECSYNC_HOME", home.toString());
        env.put("RECSYNC_JAVA_OPTS", javaOpts == null ? "" : javaOpts);
        return env;
    }

    /** One untimed local sync of a tiny archive, so the fast start's archive exists before timing. */
    void warmUp(Path scratch, Path logs) throws IOException, InterruptedException {
        Path source = scratch.resolve("warm-up-source");
        SyntheticArchive.generate(source, 1, 20, 64 << 10);
        Files.createDirectories(scratch.resolve("warm-up-target"));
        Path job = scratch.resolve("warm-up.yml");
        Files.writeString(job, "name: bench-warm-up\nsites:\n"
                + "  src:\n    connector: { type: local, root: \"" + source + "\" }\n"
                + "    manifest:\n      source: scan\n      template: \"" + SyntheticArchive.TEMPLATE + "\"\n    mode: ro\n"
                + "  dst:\n    connector: { type: local, root: \"" + scratch.resolve("warm-up-target") + "\" }\n"
                + "links:\n  - from: src\n    to: dst\n");
        Timed.run(command("sync", "--job", job.toString()), env(scratch.resolve("warm-up-home"), ""), List.of(), logs,
                "recsync-warm-up").requireOk("recsync warm-up sync");
        Scratch.quietDelete(scratch.resolve("warm-up-source"));
        Scratch.quietDelete(scratch.resolve("warm-up-target"));
        Scratch.quietDelete(scratch.resolve("warm-up-home"));
    }
}
