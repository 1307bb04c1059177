package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, rough edge: warnings printed twice, at the end, some in raw java.util.logging format.
 * The real entry point in a child JVM (logging is set up once per process): each warning of the job
 * and its profiles is printed exactly once, before anything else the command prints, and no line
 * has java.util.logging's own format.
 */
class WarningsOnceIT {

    /** java.util.logging's default first line: "Dec 03, 2026 7:15:00 PM io.recsync...". */
    static final Pattern JUL_LINE = Pattern.compile("(?m)^[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2} [AP]M ");

    @TempDir
    Path tmp;

    record Run(int exit, List<String> lines) {}

    Run child(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.recsync.cli.RecsyncMain"));
        cmd.addAll(List.of(args));
        Path log = tmp.resolve("child-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("RECSYNC_HOME", tmp.resolve("home").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readAllLines(log));
    }

    @Test
    void eachWarningOnceFirstAndNoneInJavaUtilLoggingFormat() throws Exception {
        try (SiteKind s3 = S3SiteKinds.s3proxy(tmp.resolve("s3"))) {
            DemoSites demo = DemoSites.create(new CliRun(tmp.resolve("home")), tmp.resolve("demo"), 5);
            // An inline S3 profile: the job file refers to secrets, and its endpoint is plain http.
            demo.rewriteJob(s3.newSite("b"), null);
            Files.setPosixFilePermissions(demo.job, PosixFilePermissions.fromString("rw-r--r--"));
            List<String> expected = List.of("refers to secrets", "the endpoint is http://");

            for (String[] args : List.of(new String[] {"sync", "--job", demo.job.toString()},
                    new String[] {"sites", "check", "--job", demo.job.toString()},
                    new String[] {"jobs", "show", "--job", demo.job.toString()})) {
                Run r = child(s3.env(), args);
                String all = String.join("\n", r.lines());
                assertThat(r.exit()).as(args[0] + "\n" + all).isZero();
                assertThat(JUL_LINE.matcher(all).find()).as("a java.util.logging line in\n" + all).isFalse();
                for (String w : expected) {
                    assertThat(r.lines().stream().filter(l -> l.contains(w)).count()).as(w + " once in\n" + all).isEqualTo(1);
                }
                assertThat(r.lines().subList(0, expected.size())).as("the warnings come first\n" + all)
                        .allMatch(l -> l.startsWith("warning: "))
                        .anyMatch(l -> l.contains(expected.get(0))).anyMatch(l -> l.contains(expected.get(1)));
            }
        }
    }
}
