package io.recsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units and the crontab shipped in {@code cron/} (issue 11): exits that need a person
 * reach one, credentials live in the 0600 environment file, a good night mails nothing, and the
 * weekly full check never starts inside the nightly run's {@code --retry-until} window (where it
 * would be refused with exit 5 and silently not happen).
 */
class ShippedSchedulesTest {

    static final Path CRON = Path.of("cron");
    static final Pattern DURATION = Pattern.compile("(\\d+)(h|min|m|s)");

    @TempDir
    Path tmp;

    @Test
    void unitsTellAPersonAboutConflictsAndFailuresAndTakeCredentialsFromTheEnvironmentFile() throws IOException {
        for (String unit : List.of("recsync@.service", "recsync-resync@.service", "recsync-continuous@.service")) {
            Map<String, String> keys = keys(CRON.resolve(unit));
            if (!unit.startsWith("recsync-continuous")) { // the service's cycles never end the process with 3 or 4
                assertThat(keys.get("SuccessExitStatus")).as(unit + ": exits 3 and 4 must fail the unit")
                        .doesNotContain("3").doesNotContain("4");
            }
            assertThat(keys.get("OnFailure")).as(unit).isEqualTo("recsync-notify@%n.service");
            assertThat(keys.get("EnvironmentFile")).as(unit).endsWith("/etc/recsync/recsync.env");
            assertThat(keys.toString()).as(unit + ": no credentials in the unit").doesNotContainIgnoringCase("password=");
        }
        assertThat(keys(CRON.resolve("recsync-resync@.service")).get("SuccessExitStatus"))
                .as("a full check skipped because another run held the lock is news").doesNotContain("5");
        assertThat(keys(CRON.resolve("recsync-notify@.service")).get("ExecStart")).contains("recsync-notify %i");
        assertThat(Files.isExecutable(CRON.resolve("recsync-notify"))).isTrue();
        assertThat(Files.readString(CRON.resolve("recsync@.service"))).contains("RECSYNC_DB_URL=").contains("0600");
    }

    @Test
    void unitsPassSystemdAnalyzeVerifyWhereItExists() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) {
            return; // the keys are checked above; systemd-analyze adds what systemd itself rejects
        }
        List<String> args = new ArrayList<>(List.of("/usr/bin/systemd-analyze", "verify", "--man=no"));
        for (String unit : List.of("recsync@.service", "recsync@.timer", "recsync-resync@.service", "recsync-resync@.timer",
                "recsync-notify@.service", "recsync-continuous@.service", "recsync-worker@.service")) {
            // The programs they start are not installed here: point them at one that is.
            Files.writeString(tmp.resolve(unit), Files.readString(CRON.resolve(unit))
                    .replace("/opt/recsync/recsync", "/bin/true").replace("/opt/recsync/cron/recsync-notify", "/bin/true"));
            args.add(tmp.resolve(unit.replace("@.", unit.startsWith("recsync-notify") ? "@x." : "@nightly.")).toString());
        }
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("systemd-analyze verify warns about nothing").isBlank();
        assertThat(p.exitValue()).isZero();
    }

    /** The continuous service stops on SIGTERM after the chunk in flight, restarts when it failed, not when misconfigured. */
    @Test
    void theContinuousServiceStopsOnTermAndRestartsOnlyWhenThatHelps() throws IOException {
        Map<String, String> keys = keys(CRON.resolve("recsync-continuous@.service"));
        assertThat(keys.get("ExecStart")).contains(" sync ", "--continuous", "/opt/recsync/recsync ");
        assertThat(keys.get("Type")).isIn("simple", "notify");
        assertThat(keys.get("KillSignal")).isEqualTo("SIGTERM");
        assertThat(keys.get("Restart")).isEqualTo("on-failure");
        assertThat(keys.get("RestartPreventExitStatus")).contains("2");
        assertThat(keys.get("User")).isEqualTo("recsync");
        assertThat(duration(keys.get("TimeoutStopSec"))).isGreaterThanOrEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void theWeeklyFullCheckStartsOutsideTheNightlyRetryWindowInSystemd() throws IOException {
        Map<String, String> nightlyTimer = keys(CRON.resolve("recsync@.timer"));
        Map<String, String> resyncTimer = keys(CRON.resolve("recsync-resync@.timer"));
        LocalTime nightlyStart = calendarTime(nightlyTimer.get("OnCalendar"));
        Duration delay = duration(nightlyTimer.getOrDefault("RandomizedDelaySec", "0s"));
        Duration retry = retryUntil(keys(CRON.resolve("recsync@.service")).get("ExecStart"));
        assertThat(keys(CRON.resolve("recsync-resync@.service")).get("ExecStart")).contains(" resync ");
        LocalTime resyncStart = calendarTime(resyncTimer.get("OnCalendar"));
        assertThat(resyncTimer.get("OnCalendar")).as("weekly").startsWith("Sun ");
        assertOutside(resyncStart, nightlyStart, delay.plus(retry).plus(Duration.ofMinutes(30)));
    }

    @Test
    void theCrontabMailsOnlyWhenAPersonIsNeededAndTheResyncMissesTheNightlyWindow() throws IOException {
        String crontab = Files.readString(CRON.resolve("crontab.example"));
        assertThat(crontab).containsPattern("(?m)^MAILTO=\\S+");
        assertThat(crontab).doesNotContainPattern("(?mi)^[^#]*(PASSWORD|RECSYNC_DB_URL)=");
        LocalTime nightly = null;
        Duration retry = null;
        LocalTime resync = null;
        for (String line : crontab.split("\n")) {
            String[] f = line.trim().split("\\s+", 6);
            if (line.startsWith("#") || f.length < 6 || !f[0].matches("[0-9*/,-]+")) {
                continue;
            }
            assertThat(f[5]).as("every job runs through recsync-cron (--quiet; one line only when needed)")
                    .contains("/recsync-cron ");
            LocalTime at = LocalTime.of(Integer.parseInt(f[1]), Integer.parseInt(f[0]));
            if (f[5].contains(" sync ")) {
                assertThat(f[2] + f[3] + f[4]).as("daily").isEqualTo("***");
                nightly = at;
                retry = retryUntil(f[5]);
            } else if (f[5].contains(" resync ")) {
                assertThat(f[4]).as("weekly").matches("[0-7]");
                resync = at;
            }
        }
        assertThat(nightly).isNotNull();
        assertThat(resync).isNotNull();
        assertOutside(resync, nightly, retry.plus(Duration.ofMinutes(30)));
        String wrapper = Files.readString(CRON.resolve("recsync-cron"));
        assertThat(wrapper).contains("--quiet").contains("/etc/recsync/recsync.env");
        assertThat(Files.isExecutable(CRON.resolve("recsync-cron"))).isTrue();
    }

    /** recsync-cron prints nothing for exit 0 and one line naming the exit otherwise. */
    @Test
    void theCronWrapperIsSilentOnSuccessAndSaysWhatAnExitMeans() throws Exception {
        Path fake = tmp.resolve("fake-recsync");
        Files.writeString(fake, "#!/bin/sh\nexit \"$FAKE_EXIT\"\n");
        fake.toFile().setExecutable(true);
        assertThat(runWrapper(fake, "0", "")).isEmpty();
        assertThat(runWrapper(fake, "3", "")).contains("exit 3").contains("conflicts list");
        assertThat(runWrapper(fake, "5", "5")).isEmpty();
    }

    private String runWrapper(Path fake, String exit, String okExits) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", CRON.resolve("recsync-cron").toString(), "resync", "--job", "x.yml")
                .redirectErrorStream(true);
        pb.environment().put("RECSYNC", fake.toString());
        pb.environment().put("FAKE_EXIT", exit);
        pb.environment().put("RECSYNC_OK_EXITS", okExits);
        pb.environment().put("RECSYNC_ENV_FILE", tmp.resolve("none.env").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(Integer.parseInt(exit));
        return out.strip();
    }

    /** The check must not start within [start, start + window) on the clock, across midnight too. */
    private static void assertOutside(LocalTime check, LocalTime start, Duration window) {
        long from = start.toSecondOfDay();
        long at = check.toSecondOfDay();
        long after = Math.floorMod(at - from, 24 * 3600);
        assertThat(after).as("the full check at " + check + " starts inside the nightly window " + start + " + " + window)
                .isGreaterThanOrEqualTo(window.toSeconds());
    }

    private static Duration retryUntil(String command) {
        Matcher m = Pattern.compile("--retry-until (\\S+)").matcher(command);
        assertThat(m.find()).as("the nightly run retries: " + command).isTrue();
        return duration(m.group(1));
    }

    private static Duration duration(String s) {
        Matcher m = DURATION.matcher(s);
        Duration d = Duration.ZERO;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "min", "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
        }
        return d;
    }

    /** The time of day of an OnCalendar like {@code *-*-* 01:30:00} or {@code Sun *-*-* 07:00:00}. */
    private static LocalTime calendarTime(String onCalendar) {
        Matcher m = Pattern.compile("(\\d\\d):(\\d\\d)(?::(\\d\\d))?$").matcher(onCalendar.trim());
        assertThat(m.find()).as(onCalendar).isTrue();
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** A unit file's keys (the last value of a key wins, as in systemd). */
    private static Map<String, String> keys(Path unit) throws IOException {
        Map<String, String> keys = new HashMap<>();
        for (String line : Files.readAllLines(unit)) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || l.startsWith("[")) {
                continue;
            }
            int eq = l.indexOf('=');
            keys.put(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
        }
        return keys;
    }
}
