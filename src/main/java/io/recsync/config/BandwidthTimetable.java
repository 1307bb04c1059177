package io.recsync.config;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bandwidth limit in rclone's {@code --bwlimit} syntax: one rate ({@code 512k}, {@code 10M},
 * {@code off}) or a timetable of {@code [WEEKDAY-]HH:MM,RATE} entries separated by spaces or
 * semicolons ({@code "08:00,512k 19:00,10M 23:00,off"}, {@code "Mon-08:00,512k Sat-00:00,off"}).
 * A rate is one value for both directions or {@code UP:DOWN} ({@code 10M:1M}); for recsync, up
 * is what is written to target sites and down what is read from source sites (a copy does both,
 * so it goes at the lower of the two).
 *
 * <p>Units are rclone's, bytes per second: a bare number is KiB/s; suffixes {@code B}, {@code K},
 * {@code M}, {@code G}, {@code T}, {@code P} (binary: K = 1024; {@code Ki}, {@code KiB} also read);
 * decimals allowed ({@code 0.625M}); {@code 0} or {@code off} is no limit.
 *
 * <p>As in rclone, an entry without a weekday applies every day; the entry in force is the last
 * one at or before now in the week, so before the first time of a day the previous day's last
 * entry holds (before Monday's first, Sunday's last). Times are the machine's local time. A
 * weekday entry at the same time as an entry without one replaces it on that day
 * ({@code "08:00,512k 18:00,off Sat-08:00,off Sun-08:00,off"}: no limit at weekends); recsync's
 * addition, rclone leaves that case open.
 */
public final class BandwidthTimetable {

    /** Bytes per second each way; 0 is no limit. */
    public record Rate(long up, long down) {
        public static final Rate OFF = new Rate(0, 0);

        public boolean unlimited() {
            return up == 0 && down == 0;
        }

        /** "2 MiB/s", "10 MiB/s up, 1 MiB/s down", "off". */
        public String shown() {
            if (up == down) {
                return perSecond(up);
            }
            return perSecond(up) + " up, " + perSecond(down) + " down";
        }
    }

    /** One entry: from {@code minuteOfWeek} (Monday 00:00 = 0) on, {@code rate}. */
    public record Slot(int minuteOfWeek, Rate rate) {
        public String when() {
            DayOfWeek d = DayOfWeek.of(minuteOfWeek / MINUTES_PER_DAY + 1);
            int m = minuteOfWeek % MINUTES_PER_DAY;
            return d.getDisplayName(java.time.format.TextStyle.SHORT, Locale.ROOT) + String.format(Locale.ROOT, "-%02d:%02d",
                    m / 60, m % 60);
        }
    }

    private static final int MINUTES_PER_DAY = 24 * 60;
    private static final Pattern ENTRY = Pattern.compile("(?:([A-Za-z]+)-)?(\\d{1,2}):(\\d{2})");
    private final String text;
    /** Sorted by minute of the week; one entry when the limit is not a timetable. */
    private final List<Slot> slots;
    private final boolean timetable;

    private BandwidthTimetable(String text, List<Slot> slots, boolean timetable) {
        this.text = text;
        this.slots = List.copyOf(slots);
        this.timetable = timetable;
    }

    /**
     * @throws IllegalArgumentException naming the token that is wrong and the forms that are right
     */
    public static BandwidthTimetable parse(String text) {
        String spec = text == null ? "" : text.trim();
        if (spec.isEmpty()) {
            throw new IllegalArgumentException("is empty; give a rate such as 512k, 10M or off, or a timetable such as"
                    + " \"08:00,512k 19:00,10M 23:00,off\"");
        }
        String[] tokens = spec.split("[\\s;]+");
        if (tokens.length == 1 && !tokens[0].contains(",")) {
            return new BandwidthTimetable(spec, List.of(new Slot(0, rate(tokens[0]))), false);
        }
        List<Slot> slots = new ArrayList<>();
        // Which slots came from an entry without a weekday: a weekday entry at the same time replaces them.
        java.util.Set<Integer> daily = new java.util.HashSet<>();
        for (String token : tokens) {
            int comma = token.indexOf(',');
            if (comma < 0) {
                throw new IllegalArgumentException("has the entry '" + token + "' without a time; every entry of a"
                        + " timetable is [WEEKDAY-]HH:MM,RATE, e.g. 08:00,512k or Mon-08:00,512k");
            }
            String when = token.substring(0, comma);
            Rate rate = rate(token.substring(comma + 1));
            Matcher m = ENTRY.matcher(when);
            if (!m.matches()) {
                throw new IllegalArgumentException("has the time '" + when + "' in entry '" + token + "'; write HH:MM"
                        + " (00:00 to 23:59), optionally after a weekday: Mon-08:00");
            }
            int hh = Integer.parseInt(m.group(2));
            int mm = Integer.parseInt(m.group(3));
            if (hh > 23 || mm > 59) {
                throw new IllegalArgumentException("has the time '" + when + "' in entry '" + token + "'; hours are 00"
                        + " to 23 and minutes 00 to 59");
            }
            int minute = hh * 60 + mm;
            if (m.group(1) == null) {
                for (int d = 0; d < 7; d++) {
                    int at = d * MINUTES_PER_DAY + minute;
                    if (!daily.contains(at) && slots.stream().anyMatch(x -> x.minuteOfWeek() == at)) {
                        continue; // a weekday entry at this time is more specific: it holds that day
                    }
                    add(slots, new Slot(at, rate), token);
                    daily.add(at);
                }
            } else {
                int at = day(m.group(1), token) * MINUTES_PER_DAY + minute;
                if (daily.remove(at)) {
                    slots.removeIf(x -> x.minuteOfWeek() == at); // the weekday entry replaces the daily one that day
                }
                add(slots, new Slot(at, rate), token);
            }
        }
        slots.sort(Comparator.comparingInt(Slot::minuteOfWeek));
        return new BandwidthTimetable(spec, slots, true);
    }

    private static void add(List<Slot> slots, Slot slot, String token) {
        for (Slot s : slots) {
            if (s.minuteOfWeek() == slot.minuteOfWeek()) {
                throw new IllegalArgumentException("has two entries for " + slot.when() + " (the second in '" + token
                        + "'); keep one");
            }
        }
        slots.add(slot);
    }

    private static int day(String name, String token) {
        String n = name.toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.name().toLowerCase(Locale.ROOT);
            if (n.equals(full) || n.equals(full.substring(0, 3))) {
                return d.getValue() - 1;
            }
        }
        throw new IllegalArgumentException("has the weekday '" + name + "' in entry '" + token + "'; use Mon, Tue, Wed,"
                + " Thu, Fri, Sat, Sun (or the whole word)");
    }

    /** {@code 10M}, {@code 10M:1M}, {@code off:512k}. */
    static Rate rate(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("has the rate '" + text + "'; give one rate (10M) or UP:DOWN (10M:1M)");
        }
        long up = bytesPerSecond(parts[0], text);
        long down = parts.length == 2 ? bytesPerSecond(parts[1], text) : up;
        return new Rate(up, down);
    }

    private static long bytesPerSecond(String value, String rate) {
        String v = value.trim();
        if (v.equalsIgnoreCase("off")) {
            return 0;
        }
        java.util.OptionalDouble parsed = ByteSizes.bytes(v, 'k');
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("has the rate '" + (v.isEmpty() ? rate : v) + "'; write bytes per second"
                    + " as a number and a unit, e.g. 512k (KiB/s), 10M (MiB/s), 1G, or off (a bare number is KiB/s)");
        }
        double bytes = parsed.getAsDouble();
        if (bytes >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("has the rate '" + v + "', which is too large");
        }
        long b = (long) bytes;
        if (b == 0 && bytes > 0) {
            throw new IllegalArgumentException("has the rate '" + v + "', under 1 byte per second");
        }
        return b;
    }

    /** The rate in force at local time {@code t}. */
    public Rate at(LocalDateTime t) {
        return slotAt(t).rate();
    }

    /** The entry in force at local time {@code t}: the last at or before it in the week, else the week's last. */
    public Slot slotAt(LocalDateTime t) {
        int now = (t.getDayOfWeek().getValue() - 1) * MINUTES_PER_DAY + t.getHour() * 60 + t.getMinute();
        Slot in = slots.get(slots.size() - 1);
        for (Slot s : slots) {
            if (s.minuteOfWeek() <= now) {
                in = s;
            } else {
                break;
            }
        }
        return in;
    }

    /** Whether the limit changes with the time of day or week. */
    public boolean isTimetable() {
        return timetable;
    }

    /** Whether no entry limits anything ({@code off}, {@code 0}): then nothing is throttled. */
    public boolean unlimited() {
        return slots.stream().allMatch(s -> s.rate().unlimited());
    }

    public List<Slot> slots() {
        return slots;
    }

    /** As the operator wrote it. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BandwidthTimetable b && b.slots.equals(slots) && b.timetable == timetable;
    }

    @Override
    public int hashCode() {
        return slots.hashCode();
    }

    /** "512 KiB/s", "10 MiB/s", "1.5 GiB/s", "off". */
    public static String perSecond(long bytes) {
        if (bytes == 0) {
            return "off";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        String n = v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v).replaceFirst("0$", "");
        return n + " " + units[u] + "/s";
    }
}
