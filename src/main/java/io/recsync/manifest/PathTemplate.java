package io.recsync.manifest;

import io.recsync.connector.StoragePath;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a recorder puts its files, e.g. {@code {tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}}: lets
 * a scan tell a recording's identity from its path when there is no sidecar, or the sidecar lacks
 * a field. Tokens: tenant, group, id, yyyy, MM, dd, HH, mm, ss, ext; everything else is literal.
 * A template matches a whole path relative to the site root.
 */
public final class PathTemplate {

    private static final Map<String, String> TOKENS = Map.of(
            "tenant", "[^/]+",
            "group", "[^/]+",
            "id", "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
            "yyyy", "[0-9]{4}",
            "MM", "[0-9]{2}",
            "dd", "[0-9]{2}",
            "HH", "[0-9]{2}",
            "mm", "[0-9]{2}",
            "ss", "[0-9]{2}",
            "ext", "[^/.]+");
    private static final List<String> ORDER = List.of("tenant", "group", "id", "yyyy", "MM", "dd", "HH", "mm", "ss", "ext");
    private static final Pattern TOKEN = Pattern.compile("\\{([^{}]*)}");

    private final String template;
    private final Pattern pattern;
    private final Map<String, Integer> groups;

    private PathTemplate(String template, Pattern pattern, Map<String, Integer> groups) {
        this.template = template;
        this.pattern = pattern;
        this.groups = groups;
    }

    /** @throws IllegalArgumentException naming the unknown or repeated token, or an absolute template */
    public static PathTemplate compile(String template) {
        if (template == null || template.isBlank() || template.startsWith("/")) {
            throw new IllegalArgumentException("path template " + FieldRule.shown(template)
                    + " must be a non-empty path relative to the site root, e.g. {tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}");
        }
        StringBuilder regex = new StringBuilder();
        Map<String, Integer> groups = new LinkedHashMap<>();
        Matcher m = TOKEN.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            String token = m.group(1);
            if (!TOKENS.containsKey(token)) {
                throw new IllegalArgumentException("path template '" + template + "' has an unknown token {" + token
                        + "}; expected tokens: {" + String.join("}, {", ORDER) + "}");
            }
            if (groups.put(token, groups.size() + 1) != null) {
                throw new IllegalArgumentException("path template '" + template + "' has {" + token + "} twice; expected each token once");
            }
            regex.append('(').append(TOKENS.get(token)).append(')');
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return new PathTemplate(template, Pattern.compile(regex.toString()), groups);
    }

    public String template() {
        return template;
    }

    /** Whether the template can give this field at all ({@code "id"}, {@code "tenant"}, ...). */
    public boolean has(String token) {
        return groups.containsKey(token);
    }

    /**
     * What the path says, or empty when it does not match.
     *
     * @throws InvalidFieldException (field {@code recordedAt}) when the path matches but its date
     *     is not a real one, such as month 13
     */
    public Optional<Match> match(StoragePath path) {
        Matcher m = pattern.matcher(path.value());
        if (!m.matches()) {
            return Optional.empty();
        }
        UUID id = has("id") ? UUID.fromString(value(m, "id")) : null;
        return Optional.of(new Match(id, value(m, "tenant"), value(m, "group"), recordedAt(m), value(m, "ext")));
    }

    /** A day from the path (yyyy, MM, dd), at the path's time of day if it has one, in UTC. */
    private Instant recordedAt(Matcher m) {
        if (!has("yyyy") || !has("MM") || !has("dd")) {
            return null;
        }
        String text = value(m, "yyyy") + "-" + value(m, "MM") + "-" + value(m, "dd") + "T"
                + orZero(m, "HH") + ":" + orZero(m, "mm") + ":" + orZero(m, "ss");
        try {
            return LocalDateTime.of(Integer.parseInt(value(m, "yyyy")), Integer.parseInt(value(m, "MM")),
                    Integer.parseInt(value(m, "dd")), Integer.parseInt(orZero(m, "HH")),
                    Integer.parseInt(orZero(m, "mm")), Integer.parseInt(orZero(m, "ss"))).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new InvalidFieldException("recordedAt", "the path's date and time " + text
                    + " do not exist; expected a real date in the template '" + template + "'");
        }
    }

    private String orZero(Matcher m, String token) {
        return has(token) ? value(m, token) : "00";
    }

    private String value(Matcher m, String token) {
        Integer group = groups.get(token);
        return group == null ? null : m.group(group);
    }

    @Override
    public String toString() {
        return template;
    }

    /** The fields a path gave; each is null when the template has no token for it. */
    public record Match(UUID id, String tenant, String group, Instant recordedAt, String ext) {}
}
