package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.connector.local.LocalConnectorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded kill -9 trials over every phase of the job. Each trial makes a fresh archive, runs the
 * CLI in a child JVM that dies abruptly ({@link Runtime#halt}, as kill -9: no hook, no finally)
 * at a point chosen from the seed: the k-th walk or file read of the refresh, the k-th row the
 * plan inserts (an H2 trigger), half-way through the k-th recording put of the transfer, or
 * half-way through the manifest segment put of the publish; some trials instead SIGKILL the child
 * ({@link Process#destroyForcibly()}) after a seeded delay. The phase the run died in is read
 * back from the job repository (the step left STARTED), not assumed.
 *
 * <p>Then the next normal invocation must exit 0 having recovered the dead run, the target must
 * equal the source by SHA-256, no temp file may remain, and the bytes of recordings written at the
 * target over both processes must be the archive's bytes plus at most the two chunks in flight (see
 * {@link #inFlightBound}). Reproduce a trial with {@code -Drecsync.killTrials.seed=S}: trial i uses
 * seed S+i.
 */
class KillTrialsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int RECORDINGS = 24;
    static final int CHUNK = 5;
    /** The kill point of each trial: every phase at least twice, two purely time-based kills. */
    static final String[] POINTS = {"walk", "plan", "open", "put", "statePut", "time", "put", "plan", "statePut", "time"};
    static final int TRIALS = POINTS.length;

    @TempDir
    Path tmp;

    record Outcome(long seed, String point, String killedAt, String step, long extraBytes, long stateTemps, long ms) {}

    @Test
    void killedInEveryPhaseTheNextRunRecoversAndNothingCommittedIsCopiedTwice() throws Exception {
        long base = Long.getLong("recsync.killTrials.seed", 20261130L);
        List<Outcome> outcomes = new ArrayList<>();
        long totalArchive = 0;
        long totalWritten = 0;
        for (int i = 0; i < TRIALS; i++) {
            long t0 = System.nanoTime();
            long seed = base + i;
            Trial trial = new Trial(tmp.resolve("trial-" + i), seed, POINTS[i % POINTS.length]);
            Outcome o = trial.run(t0);
            outcomes.add(o);
            totalArchive += trial.archiveBytes;
            totalWritten += trial.writtenBytes;
            System.out.printf("kill trial %2d seed=%d phase=%-8s point=%-45s step-left-running=%-8s extra-bytes=%d stale-segment-temps=%d %d ms: OK%n",
                    i, o.seed(), phaseOf(o.point()), o.killedAt(), o.step(), o.extraBytes(), o.stateTemps(), o.ms());
        }
        // Each of the four phases was really hit by at least one halting trial.
        assertThat(outcomes.stream().filter(o -> !o.point().equals("time")).map(Outcome::step))
                .contains("refresh", "plan", "transfer", "publish");
        System.out.printf("kill trials: %d, archive bytes %d, recording bytes written %d (extra %d)%n", outcomes.size(),
                totalArchive, totalWritten, totalWritten - totalArchive);
    }

    static String phaseOf(String point) {
        return switch (point) {
            case "walk", "open" -> "refresh";
            case "plan" -> "plan";
            case "put" -> "transfer";
            case "statePut" -> "publish";
            default -> "random";
        };
    }

    /**
     * The largest number of recording bytes a resumed run may write again: the items of the two
     * chunks in flight at the kill (the transfer step records chunk k-1's outcomes while chunk k
     * copies), audio and sidecar each. Items the dead process had copied but not yet committed are
     * planned again; their files are then found at the target already (proven by checksum, not
     * rewritten) in the normal case, so the measured extra is 0, but the contract recsync promises
     * is "at most the uncommitted chunks", which is asserted.
     */
    static long inFlightBound(Map<String, Long> sizes) {
        return sizes.values().stream().sorted((a, b) -> Long.compare(b, a)).limit(2L * 2 * CHUNK).mapToLong(Long::longValue).sum();
    }

    final class Trial {
        final Path dir;
        final long seed;
        final String point;
        final Random random;
        final Path home;
        final Path putLog;
        long archiveBytes;
        long writtenBytes;
        long leftoverStateTemps;

        Trial(Path dir, long seed, String point) {
            this.dir = dir;
            this.seed = seed;
            this.point = point;
            this.random = new Random(seed);
            this.home = dir.resolve("home");
            this.putLog = dir.resolve("puts.log");
        }

        Outcome run(long t0) throws Exception {
            LocalConnectorFactory local = new LocalConnectorFactory();
            CliRun cli = new CliRun(home).kind(local).kind(new KillerConnectorFactory(local))
                    .kind(new FaultyConnectorFactory(local));
            DemoSites demo = DemoSites.create(cli, dir.resolve("demo"), RECORDINGS);
            Map<String, Long> sizes = new HashMap<>();
            try (Stream<Path> s = Files.walk(demo.siteA)) {
                s.filter(Files::isRegularFile).forEach(p -> sizes.put(p.toString(), p.toFile().length()));
            }
            archiveBytes = sizes.values().stream().mapToLong(Long::longValue).sum();

            long at = switch (point) {
                case "walk" -> 1 + random.nextInt(2); // site-a's or site-b's listing
                case "open" -> 1 + random.nextInt(RECORDINGS); // a file the scan hashes
                case "plan" -> 1 + random.nextInt(RECORDINGS); // a transfer_item row
                case "put" -> 1 + random.nextInt(2 * RECORDINGS); // audio or sidecar
                case "statePut" -> 1; // the run's one manifest segment
                default -> 0;
            };
            long delayMs = point.equals("time") ? random.nextInt(1200) : 0; // with 40 ms puts the transfer alone lasts ~1 s
            String halt = at > 0 && !point.equals("plan") ? "haltOn: " + point + ", haltAt: " + at + ", " : "";
            writeJob(demo, halt);

            List<String> jvm = new ArrayList<>();
            if (point.equals("plan")) {
                cli.run("history"); // creates the state database and its schema
                try (Connection c = h2(); Statement s = c.createStatement()) {
                    s.execute("CREATE TRIGGER kill_plan BEFORE INSERT ON transfer_item FOR EACH ROW CALL '"
                            + HaltTrigger.class.getName() + "'");
                }
                jvm.add("-Drecsync.test.haltPlanAt=" + at);
            }
            Process child = child(jvm, "sync", "--job", demo.job.toString());
            String killedAt;
            if (point.equals("time")) {
                // The clock starts when the child's job has started (its execution row is in the
                // job repository, read through H2's AUTO_SERVER as `recsync history` does): JVM and
                // Spring start-up on a loaded machine would otherwise swallow the whole delay.
                long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!jobStarted() && child.isAlive() && System.nanoTime() < limit) {
                    Thread.sleep(20);
                }
                boolean ended = child.waitFor(delayMs, TimeUnit.MILLISECONDS);
                killedAt = "SIGKILL " + delayMs + " ms after the job started" + (ended ? " (run had ended)" : "");
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } else {
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("seed %d: the child must halt", seed).isTrue();
                String log = Files.readString(dir.resolve("child.log"));
                assertThat(child.exitValue()).as("seed %d: the child must have halted itself:\n%s", seed, log).isEqualTo(137);
                killedAt = log.lines().filter(l -> l.startsWith("KILLER: halting the JVM at ")).findFirst().orElseThrow()
                        .substring("KILLER: halting the JVM at ".length());
                killedAt = killedAt.replaceAll(" \\(.*/([^/]*)\\)", " ($1)");
            }
            String step = stepLeftRunning();
            if (!point.equals("time")) {
                assertThat(step).as("seed %d: the phase the run died in", seed).isEqualTo(phaseOf(point));
            }
            if (point.equals("plan")) {
                try (Connection c = h2(); Statement s = c.createStatement()) {
                    s.execute("DROP TRIGGER kill_plan");
                }
            }

            writeJob(demo, "");
            CliRun.Result next = cli.run("sync", "--job", demo.job.toString(), "--json");
            assertThat(next.exit()).as("seed %d point %s: %s", seed, killedAt, next).isZero();
            if (!step.equals("-")) {
                assertThat(next.err()).as("seed %d", seed).contains("had died mid-way; recovered it");
            }
            assertThat(JSON.readTree(next.lastLine()).get("status").asText()).isEqualTo("COMPLETED");
            assertThat(Trees.hashes(demo.siteB)).as("seed %d", seed).hasSize(2 * RECORDINGS)
                    .isEqualTo(Trees.hashes(demo.siteA));
            // Known product limit (reported, not fixed here): a manifest segment whose put was killed
            // half-way leaves its hidden temp under .recsync/manifest/, because the retried publish
            // names its segment anew (time stamp + execution id) and nothing sweeps the old temp.
            // Nothing at a final name is partial: the walk and the index never see temp names.
            leftoverStateTemps = Trees.tempFiles(demo.siteB.resolve(".recsync"));
            assertThat(Trees.tempFiles(demo.siteB) - leftoverStateTemps).as("seed %d: temp files left", seed).isZero();
            assertThat(leftoverStateTemps).as("seed %d: temps under .recsync", seed)
                    .isLessThanOrEqualTo(point.equals("statePut") || point.equals("time") ? 1 : 0);

            writtenBytes = Files.exists(putLog)
                    ? Files.readAllLines(putLog).stream().mapToLong(l -> Long.parseLong(l.split(" ", 2)[0])).sum()
                    : 0;
            long extra = writtenBytes - archiveBytes;
            // The log line is written after a put returns: a put another transfer thread finished just
            // before the halt is at the target (proved above) but not logged, so the count may fall
            // short by what was in flight. Copying twice would show as more, never as less.
            assertThat(extra).as("seed %d: recording bytes written beyond the archive's %d", seed, archiveBytes)
                    .isBetween(-inFlightBound(sizes), inFlightBound(sizes));

            JsonNode rows = JSON.readTree(cli.run("history", "--job", "demo", "--format", "json").out());
            assertThat(rows.get(0).get("status").asText()).isEqualTo("COMPLETED");
            return new Outcome(seed, point, killedAt, step, extra, leftoverStateTemps, CliRun.since(t0).toMillis());
        }

        void writeJob(DemoSites demo, String halt) throws IOException {
            String yaml = Files.readString(demo.job);
            yaml = yaml.replaceAll("connector: \\{ type: killer.*site-a \\} \\}", "connector: { type: local, root: ./site-a }");
            yaml = yaml.replaceAll("connector: \\{ type: killer.*site-b \\} \\}", "connector: { type: local, root: ./site-b }");
            yaml = yaml.replace("connector: { type: local, root: ./site-a }",
                    "connector: { type: killer, " + halt + "delegate: { type: local, root: ./site-a } }");
            yaml = yaml.replace("connector: { type: local, root: ./site-b }", "connector: { type: killer, " + halt
                    + "putLog: '" + putLog + "', slowPutMillis: " + (point.equals("time") ? 40 : 10)
                    + ", delegate: { type: local, root: ./site-b } }");
            yaml = yaml.replaceAll("(?s)transfer:.*", "transfer:\n  chunkSize: " + CHUNK + "\n  parallel: 2\n");
            Files.writeString(demo.job, yaml);
        }

        Connection h2() throws Exception {
            return DriverManager.getConnection("jdbc:h2:file:" + home.resolve("state").resolve("recsync").toAbsolutePath()
                    + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;IFEXISTS=TRUE", "", "");
        }

        boolean jobStarted() {
            if (!Files.exists(home.resolve("state").resolve("recsync.mv.db"))) {
                return false;
            }
            try (Connection c = h2(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")) {
                return rs.next() && rs.getLong(1) > 0;
            } catch (Exception e) {
                return false; // schema not there yet, or the file is still being created
            }
        }

        /** The step the killed execution left STARTED in the job repository, or "-" if none. */
        String stepLeftRunning() throws Exception {
            if (!Files.exists(home.resolve("state").resolve("recsync.mv.db"))) {
                return "-";
            }
            try (Connection c = h2(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT STEP_NAME FROM BATCH_STEP_EXECUTION WHERE STATUS = 'STARTED'")) {
                return rs.next() ? rs.getString(1) : "-";
            } catch (java.sql.SQLException e) {
                return "-"; // killed before the state database had its schema: no run to recover
            }
        }

        Process child(List<String> jvm, String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto"));
            cmd.addAll(jvm);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KillChildMain.class.getName()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
            pb.environment().put("RECSYNC_HOME", home.toString());
            return pb.start();
        }
    }
}
