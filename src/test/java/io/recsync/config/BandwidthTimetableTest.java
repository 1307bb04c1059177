package io.recsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.config.BandwidthTimetable.Rate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rclone's --bwlimit syntax as recsync reads it, and the job's transfer.bandwidth / maxDuration / maxTransfer. */
class BandwidthTimetableTest {

    private static final long K = 1024;
    private static final long M = 1024 * 1024;
    /** 2026-12-07 is a Monday. */
    private static final LocalDateTime MONDAY = LocalDateTime.parse("2026-12-07T00:00:00");

    @TempDir
    Path dir;

    @Test
    void plainRatesInRclonesUnits() {
        assertThat(BandwidthTimetable.parse("512k").at(MONDAY)).isEqualTo(new Rate(512 * K, 512 * K));
        assertThat(BandwidthTimetable.parse("10M").at(MONDAY)).isEqualTo(new Rate(10 * M, 10 * M));
        assertThat(BandwidthTimetable.parse("1G").at(MONDAY)).isEqualTo(new Rate(1024 * M, 1024 * M));
        assertThat(BandwidthTimetable.parse("10MiB").at(MONDAY)).isEqualTo(new Rate(10 * M, 10 * M));
        assertThat(BandwidthTimetable.parse("0.625M").at(MONDAY)).isEqualTo(new Rate(640 * K, 640 * K));
        // A bare number is KiB/s, as in rclone; B is bytes.
        assertThat(BandwidthTimetable.parse("666").at(MONDAY)).isEqualTo(new Rate(666 * K, 666 * K));
        assertThat(BandwidthTimetable.parse("4096B").at(MONDAY)).isEqualTo(new Rate(4096, 4096));
        assertThat(BandwidthTimetable.parse("off").unlimited()).isTrue();
        assertThat(BandwidthTimetable.parse("0").unlimited()).isTrue();
        assertThat(BandwidthTimetable.parse("10M").isTimetable()).isFalse();
    }

    @Test
    void upAndDownApart() {
        assertThat(BandwidthTimetable.parse("10M:1M").at(MONDAY)).isEqualTo(new Rate(10 * M, M));
        assertThat(BandwidthTimetable.parse("10M:off").at(MONDAY)).isEqualTo(new Rate(10 * M, 0));
        assertThat(BandwidthTimetable.parse("10M:1M").at(MONDAY).shown()).isEqualTo("10 MiB/s up, 1 MiB/s down");
    }

    @Test
    void aDailyTimetableAndTheEntryInForceBeforeTheFirstTimeOfTheDay() {
        BandwidthTimetable t = BandwidthTimetable.parse("08:00,512k 12:00,10M 13:00,512k 18:00,30M 23:00,off");
        assertThat(t.isTimetable()).isTrue();
        assertThat(t.at(MONDAY.withHour(8))).isEqualTo(new Rate(512 * K, 512 * K));
        assertThat(t.at(MONDAY.withHour(7).withMinute(59))).as("before 08:00: the day before's 23:00 entry")
                .isEqualTo(Rate.OFF);
        assertThat(t.at(MONDAY.withHour(12).withMinute(30))).isEqualTo(new Rate(10 * M, 10 * M));
        assertThat(t.at(MONDAY.withHour(13))).isEqualTo(new Rate(512 * K, 512 * K));
        assertThat(t.at(MONDAY.withHour(22).withMinute(59))).isEqualTo(new Rate(30 * M, 30 * M));
        assertThat(t.at(MONDAY.withHour(23))).isEqualTo(Rate.OFF);
        // Semicolons separate entries as well as spaces (rclone 1.68).
        assertThat(BandwidthTimetable.parse("08:00,512k;23:00,off")).isEqualTo(BandwidthTimetable.parse("08:00,512k 23:00,off"));
    }

    @Test
    void weekdayEntriesWrapAroundTheWeek() {
        BandwidthTimetable t = BandwidthTimetable.parse("Mon-08:00,512k Sat-00:00,off");
        assertThat(t.at(MONDAY.withHour(7))).as("Monday 07:00: Saturday's entry still holds").isEqualTo(Rate.OFF);
        assertThat(t.at(MONDAY.withHour(8))).isEqualTo(new Rate(512 * K, 512 * K));
        assertThat(t.at(MONDAY.plusDays(4).withHour(23))).as("Friday night").isEqualTo(new Rate(512 * K, 512 * K));
        assertThat(t.at(MONDAY.plusDays(5))).as("Saturday").isEqualTo(Rate.OFF);
        assertThat(t.at(MONDAY.plusDays(6).withHour(23))).as("Sunday").isEqualTo(Rate.OFF);
        // Whole day names, any case; entries without a weekday apply every day.
        BandwidthTimetable mixed = BandwidthTimetable.parse("monday-00:00,512 12:00,1M SUN-20:00,off");
        assertThat(mixed.at(MONDAY.withHour(11))).isEqualTo(new Rate(512 * K, 512 * K));
        assertThat(mixed.at(MONDAY.plusDays(2).withHour(12))).isEqualTo(new Rate(M, M));
        assertThat(mixed.at(MONDAY.plusDays(6).withHour(21))).isEqualTo(Rate.OFF);
        assertThat(mixed.at(MONDAY.plusDays(6).withHour(21).plusHours(4))).as("Monday 01:00 again")
                .isEqualTo(new Rate(512 * K, 512 * K));
    }

    @Test
    void aWeekdayEntryReplacesTheDailyOneAtTheSameTime() {
        BandwidthTimetable t = BandwidthTimetable.parse("08:00,512k 18:00,off Sat-08:00,off Sun-08:00,off");
        assertThat(t.at(MONDAY.plusDays(4).withHour(9))).as("Friday 09:00").isEqualTo(new Rate(512 * K, 512 * K));
        assertThat(t.at(MONDAY.plusDays(5).withHour(9))).as("Saturday 09:00").isEqualTo(Rate.OFF);
        assertThat(t.at(MONDAY.plusDays(6).withHour(9))).as("Sunday 09:00").isEqualTo(Rate.OFF);
        // In either order.
        assertThat(BandwidthTimetable.parse("Sat-08:00,off Sun-08:00,off 08:00,512k 18:00,off")).isEqualTo(t);
        assertThatThrownBy(() -> BandwidthTimetable.parse("08:00,1M 08:00,2M")).hasMessageContaining("two entries for");
    }

    @Test
    void badFormsNameTheBadToken() {
        assertThatThrownBy(() -> BandwidthTimetable.parse("")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> BandwidthTimetable.parse("fast")).hasMessageContaining("'fast'")
                .hasMessageContaining("512k");
        assertThatThrownBy(() -> BandwidthTimetable.parse("1000X")).hasMessageContaining("'1000X'");
        assertThatThrownBy(() -> BandwidthTimetable.parse("10M:1M:1M")).hasMessageContaining("'10M:1M:1M'");
        assertThatThrownBy(() -> BandwidthTimetable.parse("08:00,512k 10M")).hasMessageContaining("'10M' without a time");
        assertThatThrownBy(() -> BandwidthTimetable.parse("24:00,512k")).hasMessageContaining("'24:00'");
        assertThatThrownBy(() -> BandwidthTimetable.parse("10:61,512k")).hasMessageContaining("'10:61'");
        assertThatThrownBy(() -> BandwidthTimetable.parse("8h,512k")).hasMessageContaining("'8h'");
        assertThatThrownBy(() -> BandwidthTimetable.parse("Mox-08:00,512k")).hasMessageContaining("'Mox'");
        assertThatThrownBy(() -> BandwidthTimetable.parse("08:00,bad")).hasMessageContaining("'bad'");
        assertThatThrownBy(() -> BandwidthTimetable.parse("Mon-08:00,1M Monday-08:00,2M")).hasMessageContaining("two entries for Mon-08:00");
    }

    @Test
    void cutoffValues() {
        assertThat(RunLimits.duration("6h")).isEqualTo(Duration.ofHours(6));
        assertThat(RunLimits.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(RunLimits.bytes("500G")).isEqualTo(500L << 30);
        assertThat(RunLimits.bytes("1.5T")).isEqualTo(3L << 39);
        assertThat(RunLimits.bytes("200MiB")).isEqualTo(200 * M);
        assertThatThrownBy(() -> RunLimits.duration("6 hours")).hasMessageContaining("'6 hours'");
        assertThatThrownBy(() -> RunLimits.duration("0s")).hasMessageContaining("longer than 0");
        assertThatThrownBy(() -> RunLimits.bytes("500")).hasMessageContaining("'500'").hasMessageContaining("unit");
    }

    @Test
    void theJobsTransferFieldsAreReadAndABadOneNamesTheFileAndField() throws Exception {
        Path job = dir.resolve("nightly.yml");
        String sites = "sites:\n  a: { connector: { type: local, root: ./a } }\n  b: { connector: { type: local, root: ./b } }\n"
                + "links:\n  - { from: a, to: b }\n";
        Files.writeString(job, sites + "transfer:\n  bandwidth: \"08:00,512k 19:00,10M 23:00,off\"\n  maxDuration: 6h\n"
                + "  maxTransfer: 500G\n");
        TransferSettings t = JobLoader.load(job, Map.of()).transfer();
        assertThat(t.bandwidth()).isEqualTo(BandwidthTimetable.parse("08:00,512k 19:00,10M 23:00,off"));
        assertThat(t.maxDuration()).isEqualTo(Duration.ofHours(6));
        assertThat(t.maxTransfer()).isEqualTo(500L << 30);

        Files.writeString(job, sites + "transfer:\n  bandwidth: \"08:00,512k 19:00,fast\"\n");
        assertThatThrownBy(() -> JobLoader.load(job, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("nightly.yml").hasMessageContaining("transfer.bandwidth")
                .hasMessageContaining("'fast'").hasMessageContaining("10M (MiB/s)");
        Files.writeString(job, sites + "transfer:\n  maxTransfer: 500\n");
        assertThatThrownBy(() -> JobLoader.load(job, Map.of())).hasMessageContaining("transfer.maxTransfer")
                .hasMessageContaining("500G");
        Files.writeString(job, sites + "transfer:\n  bandwith: 10M\n");
        assertThatThrownBy(() -> JobLoader.load(job, Map.of())).hasMessageContaining("bandwidth");
    }
}
