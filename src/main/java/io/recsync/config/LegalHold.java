package io.recsync.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Recordings on legal hold ({@code legalHold:} in a job): ids listed in the job, ids in a file (one
 * per line, {@code #} comments), and selections by tenant, group and recordedAt window. A held
 * recording is never replaced (by a policy or {@code conflicts resolve}), never counts as expired,
 * and a site of the job that lacks it is critical in {@code status}.
 *
 * @param ids each held id, with where it was given ({@code legalHold.ids[2]}, {@code holds.txt:14})
 * @param selections held by what they are rather than by id
 */
public record LegalHold(Map<UUID, String> ids, List<Selection> selections) {

    public static final LegalHold NONE = new LegalHold(Map.of(), List.of());

    /**
     * Every recording of a tenant and/or group, recorded in {@code [since, until)}; a null field is
     * no condition. {@code label} names it in messages ({@code legalHold.select[0]}).
     */
    public record Selection(String label, String tenant, String group, Instant since, Instant until) {
        public boolean covers(String t, String g, Instant recordedAt) {
            return (tenant == null || tenant.equals(t)) && (group == null || group.equals(g))
                    && (since == null || !recordedAt.isBefore(since)) && (until == null || recordedAt.isBefore(until));
        }

        @Override
        public String toString() {
            List<String> p = new ArrayList<>();
            if (tenant != null) {
                p.add("tenant " + tenant);
            }
            if (group != null) {
                p.add("group " + group);
            }
            if (since != null) {
                p.add("recorded from " + since);
            }
            if (until != null) {
                p.add("recorded before " + until);
            }
            return label + " (" + String.join(", ", p) + ")";
        }
    }

    public boolean isEmpty() {
        return ids.isEmpty() && selections.isEmpty();
    }

    /** Everything held, for plan signatures: a changed hold must be planned anew. */
    public String digest() {
        return new java.util.TreeSet<>(ids.keySet().stream().map(UUID::toString).toList()) + "|" + selections;
    }

    static LegalHold parse(Settings root) {
        Object raw = root.peek("legalHold");
        if (raw == null) {
            root.optionalString("legalHold", null);
            return NONE;
        }
        Map<UUID, String> ids = new LinkedHashMap<>();
        List<Selection> selections = new ArrayList<>();
        if (raw instanceof List) {
            ids(root, "legalHold", ids);
            return new LegalHold(ids, selections);
        }
        if (!(raw instanceof Map)) {
            throw root.error("legalHold", "expected a list of recording ids, or a mapping with ids:, file: and select:");
        }
        Settings h = root.child("legalHold");
        KnownFields.check(h, "ids", "file", "select");
        ids(h, "ids", ids);
        if (h.has("file")) {
            Path file = h.requirePath("file");
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw h.error("file", "names " + file + ", which cannot be read (" + e.getClass().getSimpleName()
                        + "); create it with one recording id per line, or fix the path");
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).replaceFirst("#.*", "").trim();
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    ids.putIfAbsent(UUID.fromString(line), file.getFileName() + ":" + (i + 1));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(file + ":" + (i + 1) + ": '" + line + "' is not a recording id (a UUID);"
                            + " legal hold files hold one id per line, # starts a comment");
                }
            }
        }
        List<Settings> select = h.childList("select");
        for (int i = 0; i < select.size(); i++) {
            Settings s = select.get(i);
            KnownFields.check(s, "tenant", "group", "since", "until");
            String tenant = s.optionalString("tenant", null);
            String group = s.optionalString("group", null);
            Instant since = s.optional("since", null, LegalHold::instant);
            Instant until = s.optional("until", null, LegalHold::instant);
            if (tenant == null && group == null && since == null && until == null) {
                throw s.errorHere("selects every recording; give at least one of tenant, group, since, until");
            }
            if (since != null && until != null && !since.isBefore(until)) {
                throw s.error("until", "is not after since; the window is [since, until)");
            }
            s.finish();
            selections.add(new Selection("legalHold.select[" + i + "]", tenant, group, since, until));
        }
        h.finish();
        return new LegalHold(ids, selections);
    }

    private static void ids(Settings s, String key, Map<UUID, String> ids) {
        List<String> given = s.optionalStringList(key);
        for (int i = 0; i < given.size(); i++) {
            try {
                ids.putIfAbsent(UUID.fromString(given.get(i).trim()), "legalHold." + (key.equals("ids") ? "ids" : "") + "[" + i + "]");
            } catch (IllegalArgumentException e) {
                throw s.error(key, "entry " + (i + 1) + " '" + given.get(i) + "' is not a recording id (a UUID)");
            }
        }
    }

    /** A date (2026-01-01, midnight UTC) or an instant (2026-01-01T09:00:00Z). */
    static Instant instant(String text) {
        try {
            return text.length() == 10 ? java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("expected a date such as 2026-01-01 or an instant such as"
                    + " 2026-01-01T09:00:00Z, got '" + text + "'");
        }
    }
}
