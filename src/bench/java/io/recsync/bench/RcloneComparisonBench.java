package io.recsync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * recsync against rclone, side by side in one invocation, as issue 12's table: each tool a child
 * process tree measured by {@code /usr/bin/time} (wall, user + system CPU, peak RSS), alternating
 * recsync and rclone on every row; recsync through the launcher script as an operator runs it
 * (after an untimed warm-up sync has recorded the fast start's CDS archive).
 * <ul>
 *   <li>local first copies ({@link LocalRows}): 50,000 and 5,000 demo-size recordings, 5,000 x 256
 *       KiB, 40 x 64 MiB; rclone {@code --checksum} alone and followed by {@code sync -f} (equal
 *       durability); a no-change rerun of the 5,000 set; the fixed cost (no-change nightly of the
 *       {@code recsync demo} job);
 *   <li>over a long link ({@link LinkRows}): SFTP (OpenSSH) and S3 (s3proxy) through a
 *       {@code DelayProxy} (io.recsync.peers), 4 and 16 connections, turns per file counted;
 *   <li>the nightly delta at scale ({@link DeltaRows}): 100,000 and 1,000,000 small recordings at
 *       both sites, 1% new, recsync with {@code source: file} and {@code source: scan}.
 * </ul>
 *
 * <pre>mvn -o -P bench verify -Dit.test=RcloneComparisonBench [-Dbench.sections=local,link,delta] [sizes]</pre>
 *
 * Sizes and switches (defaults the issue's): bench.night.count (50000), bench.demo.count (5000),
 * bench.small.count (5000), bench.small.kib (256), bench.large.count (40), bench.large.mib (64),
 * bench.local.sets (night,demo,small,large), bench.demoJob (true), bench.link.count (500),
 * bench.link.kib (256), bench.link.connections (4,16), bench.link.kinds (sftp,s3),
 * bench.link.delayMs (20, each way), bench.delta.sizes (100000,1000000), bench.delta.bytes (2048),
 * bench.delta.newPercent (1), bench.runs (1, alternating runs per line, medians printed),
 * bench.parallel (4), bench.seed, bench.recsyncJavaOpts, bench.out (JSON file), bench.work,
 * bench.keep. A count of 0 drops its row.
 */
class RcloneComparisonBench {

    @Test
    void recsyncAgainstRclone() throws Exception {
        Path build = buildDir();
        Path work = Path.of(System.getProperty("bench.work", build.resolve("bench/work").toString())).toAbsolutePath();
        Path out = Path.of(System.getProperty("bench.out", build.resolve("bench/rclone-comparison.json").toString()));
        List<String> sections = List.of(System.getProperty("bench.sections", "local,link,delta").split(","));
        if (!Timed.timeInstalled()) {
            System.out.println("BENCH WARNING: /usr/bin/time is missing, so CPU and peak RSS are not measured (shown as -);"
                    + " install it with `apt-get install time` (Debian package 'time').");
        }
        Scratch.quietDelete(work);
        Launcher launcher = new Launcher(Path.of(System.getProperty("bench.launcher", "recsync")),
                Path.of(System.getProperty("bench.jar", build.resolve("recsync.jar").toString())));
        BenchRun b = new BenchRun(work, launcher);
        Instant started = Instant.now();
        launcher.warmUp(work, b.logs);
        Timed version = b.recsync("version", work.resolve("home-version"), Map.of(), "--version");
        System.out.printf(Locale.ROOT, "BENCH recsync --version: %.2f s wall, %.2f s CPU%n", version.seconds(), version.cpu());
        if (sections.contains("local")) {
            new LocalRows(b).run();
        }
        if (sections.contains("link")) {
            new LinkRows(b).run();
        }
        if (sections.contains("delta")) {
            new DeltaRows(b).run();
        }
        String rclone = Timed.run(List.of("rclone", "version"), Map.of(), List.of(), b.logs, "rclone-version").out().lines()
                .findFirst().orElse("?");
        System.out.println();
        System.out.printf(Locale.ROOT, "BENCH recsync vs %s, %d cores, parallel %d, %d run(s) per line (medians), %s to %s%n", rclone,
                Runtime.getRuntime().availableProcessors(), b.parallel, b.runs, started, Instant.now());
        System.out.println("BENCH wall/user/sys: /usr/bin/time of the whole process tree; CPU ms/f = (user + sys) / files;"
                + " RSS = peak of the largest process; turn/f = turns through the delay proxy per file;"
                + " speed = this tool's wall / recsync's (above 1: recsync faster); CPU x = recsync's CPU / this tool's");
        System.out.print(b.table.render());
        b.table.notes().forEach(n -> System.out.println("BENCH * " + n));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("started", started.toString());
        header.put("cores", Runtime.getRuntime().availableProcessors());
        header.put("java", System.getProperty("java.version"));
        header.put("rclone", rclone);
        header.put("parallel", b.parallel);
        header.put("runs", b.runs);
        header.put("recsyncVersionSeconds", version.seconds());
        header.put("timeInstalled", Timed.timeInstalled());
        b.table.writeJson(out, header);
        System.out.println("BENCH JSON written to " + out);
        if (!Boolean.getBoolean("bench.keep")) {
            Scratch.quietDelete(work);
        }
    }

    /** The build directory these classes were compiled into (test-classes' parent). */
    static Path buildDir() {
        try {
            return Path.of(RcloneComparisonBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (Exception e) {
            return Path.of("target");
        }
    }
}
