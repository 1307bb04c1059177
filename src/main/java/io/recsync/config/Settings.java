package io.recsync.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A typed, located view of one YAML mapping: every read names the file, line and field in its
 * error, and {@link #finish()} rejects keys nobody read (a typo must not be silently ignored).
 * Values have had {@code ${ENV}} substituted already by the loader.
 */
public final class Settings {

    private final String source;
    private final String prefix;
    private final Map<String, Object> values;
    private final Map<String, Integer> lines;
    private final Set<String> read = new HashSet<>();
    /** The fields a getter asked for, in order: what {@link #finish()} offers for a misspelt one. */
    private final Set<String> asked = new java.util.LinkedHashSet<>();
    private final Path baseDir;

    /**
     * @param source file name shown in errors
     * @param prefix dotted field path of this mapping inside the file ("" at top level)
     * @param values the mapping
     * @param lines 1-based line of each dotted field path, as far as known
     */
    public Settings(String source, String prefix, Map<String, Object> values, Map<String, Integer> lines) {
        this(source, prefix, values, lines, null);
    }

    /** @param baseDir directory that relative paths in this file resolve against (the file's own) */
    public Settings(String source, String prefix, Map<String, Object> values, Map<String, Integer> lines, Path baseDir) {
        this.baseDir = baseDir;
        this.source = source;
        this.prefix = prefix;
        this.values = values == null ? Map.of() : values;
        this.lines = lines == null ? Map.of() : lines;
    }

    /** Settings from a plain map (tests, generated profiles). */
    public static Settings of(String source, Map<String, ?> values) {
        return new Settings(source, "", new LinkedHashMap<>(values), Map.of(), null);
    }

    /** Directory relative paths resolve against; the current directory when unknown. */
    public Path baseDir() {
        return baseDir == null ? Path.of("").toAbsolutePath() : baseDir;
    }

    public String source() {
        return source;
    }

    public boolean has(String key) {
        return values.containsKey(key) && values.get(key) != null;
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public String requireString(String key) {
        String v = optionalString(key, null);
        if (v == null || v.isBlank()) {
            throw error(key, "is required");
        }
        return v;
    }

    public String optionalString(String key, String fallback) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Map || v instanceof List) {
            throw error(key, "expected a single value, got a " + (v instanceof Map ? "mapping" : "list"));
        }
        if (v instanceof Secret s) {
            return s.reveal(); // a value substituted from ${ENV}: ordinary fields may use them too
        }
        return String.valueOf(v);
    }

    public int optionalInt(String key, int fallback, int min, int max) {
        long v = optionalLong(key, fallback, min, max);
        return (int) v;
    }

    public long optionalLong(String key, long fallback, long min, long max) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        long n;
        if (v instanceof Number num) {
            n = num.longValue();
        } else {
            try {
                n = Long.parseLong(Secret.plain(v).trim());
            } catch (NumberFormatException e) {
                throw error(key, "expected a whole number, got '" + v + "'");
            }
        }
        if (n < min || n > max) {
            throw error(key, "must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    public boolean optionalBoolean(String key, boolean fallback) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = Secret.plain(v).trim().toLowerCase();
        if (s.equals("true") || s.equals("yes") || s.equals("on")) {
            return true;
        }
        if (s.equals("false") || s.equals("no") || s.equals("off")) {
            return false;
        }
        throw error(key, "expected true or false, got '" + v + "'");
    }

    /** A duration such as {@code 30s}, {@code 5m}, {@code 2h}, {@code 500ms}, {@code 7d}. */
    public Duration optionalDuration(String key, Duration fallback) {
        String v = optionalString(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw error(key, Secret.redacted(e.getMessage(), raw(key)));
        }
    }

    /** A byte size such as {@code 64MiB} or a plain number of bytes, within {@code [min, max]}. */
    public long optionalByteSize(String key, long fallback, long min, long max) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = v instanceof Number num ? num.longValue() : ByteSizes.parse(Secret.plain(v));
        } catch (IllegalArgumentException e) {
            throw error(key, Secret.redacted(e.getMessage(), v));
        }
        if (n < min || n > max) {
            throw error(key, "must be between " + min + " and " + max + " bytes, got " + n);
        }
        return n;
    }

    /** A timeout or interval: more than zero, and short enough for the int milliseconds client libraries take. */
    public Duration optionalTimeout(String key, Duration fallback) {
        Duration d = optionalDuration(key, fallback);
        if (d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw error(key, "must be more than zero and less than 24 days");
        }
        return d;
    }

    /** One of {@code allowed} (case-insensitive), returned lower-case. */
    public String optionalChoice(String key, String fallback, String... allowed) {
        String v = optionalString(key, null);
        if (v == null) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v.trim())) {
                return a;
            }
        }
        throw error(key, "must be one of " + String.join(", ", allowed) + ", got '" + Secret.redacted(v, raw(key)) + "'");
    }

    public List<String> optionalStringList(String key) {
        Object v = raw(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (o instanceof Map || o instanceof List) {
                    throw error(key, "expected a list of single values");
                }
                out.add(Secret.plain(o));
            }
            return out;
        }
        if (v instanceof Map) {
            throw error(key, "expected a list, got a mapping");
        }
        return List.of(Secret.plain(v));
    }

    /**
     * A secret given by reference only: the field itself (after {@code ${ENV}} substitution, which
     * the loader marks) or {@code <key>File}, a path to a file holding it. A literal secret written
     * into the YAML is refused so that profiles can be shared and committed.
     *
     * @return the secret, or null when neither field is present
     */
    public Secret optionalSecret(String key) {
        String fileKey = key + "File";
        asked.add(fileKey);
        if (has(key) && has(fileKey)) {
            throw error(key, "give either '" + key + "' or '" + fileKey + "', not both");
        }
        if (has(fileKey)) {
            Path file = requirePath(fileKey);
            try {
                String s = Files.readString(file, StandardCharsets.UTF_8).strip();
                return new Secret(s);
            } catch (java.io.IOException e) {
                throw error(fileKey, "cannot read secret file " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (has(key)) {
            Object v = raw(key);
            if (v instanceof Secret s) {
                return s;
            }
            throw error(key, "secrets are not written in profiles: use ${ENV_VAR} or '" + fileKey + ": /path/to/file'");
        }
        return null;
    }

    /** A local filesystem path; relative ones resolve against the directory of this file. */
    public Path requirePath(String key) {
        return baseDir().resolve(requireString(key)).normalize();
    }

    public Path optionalPath(String key) {
        String v = optionalString(key, null);
        return v == null ? null : baseDir().resolve(v).normalize();
    }

    /** A nested mapping; missing means empty. */
    public Settings child(String key) {
        Object v = raw(key);
        if (v == null) {
            return new Settings(source, path(key), Map.of(), lines, baseDir);
        }
        if (!(v instanceof Map)) {
            throw error(key, "expected a mapping (key: value lines)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        return new Settings(source, path(key), m, lines, baseDir);
    }

    /** A list of mappings. */
    public List<Settings> childList(String key) {
        Object v = raw(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw error(key, "expected a list");
        }
        List<Settings> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object o = list.get(i);
            String p = path(key) + "[" + i + "]";
            if (!(o instanceof Map)) {
                throw new ConfigException(location(p) + ": field '" + p + "' expected a mapping (key: value lines)");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            out.add(new Settings(source, p, m, lines, baseDir));
        }
        return out;
    }

    /** A mapping of named mappings (e.g. {@code sites: {hq: {...}, dr: {...}}}). */
    public Map<String, Settings> namedChildren(String key) {
        Settings parent = child(key);
        Map<String, Settings> out = new LinkedHashMap<>();
        for (String name : parent.keys()) {
            out.put(name, parent.child(name));
        }
        return out;
    }

    /** Converts a value with {@code parser}; its IllegalArgumentException becomes a located error. */
    public <T> T optional(String key, T fallback, Function<String, T> parser) {
        String v = optionalString(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return parser.apply(v.trim());
        } catch (IllegalArgumentException e) {
            throw error(key, Secret.redacted(e.getMessage(), raw(key)));
        }
    }

    /**
     * Rejects keys that no getter asked for, with the same "did you mean" a job's own fields get
     * ({@link KnownFields}). Call after reading all fields.
     */
    public void finish() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            String key = unknown.iterator().next();
            throw KnownFields.unknown(this, key, unknown.stream().filter(k -> !k.equals(key)).toList(), List.copyOf(asked),
                    "the README's configuration reference");
        }
    }

    /** A located error for one field of this mapping. */
    public ConfigException error(String key, String problem) {
        return new ConfigException(location(path(key)) + ": field '" + path(key) + "' " + problem);
    }

    /** A located error about this mapping as a whole (e.g. a list entry that repeats another). */
    public ConfigException errorHere(String problem) {
        return prefix.isEmpty() ? new ConfigException(source + ": " + problem)
                : new ConfigException(location(prefix) + ": field '" + prefix + "' " + problem);
    }

    /** Names the file and the fields present, never their values: secrets may be among them. */
    @Override
    public String toString() {
        return "Settings[" + source + (prefix.isEmpty() ? "" : " " + prefix) + " " + values.keySet() + "]";
    }

    /** The raw value without marking it read, for checks that look but do not consume. */
    Object peek(String key) {
        return values.get(key);
    }

    /** A nested mapping without marking it read; null when absent or not a mapping. */
    @SuppressWarnings("unchecked")
    Settings peekChild(String key) {
        Object v = values.get(key);
        return v instanceof Map ? new Settings(source, path(key), (Map<String, Object>) v, lines, baseDir) : null;
    }

    private Object raw(String key) {
        asked.add(key);
        read.add(key);
        read.add(key + "File");
        return values.get(key);
    }

    private String path(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    /**
     * A missing field has no line of its own: point at the nearest enclosing field that has one
     * (the site or list entry it belongs in), which is where the operator has to add it.
     */
    private String location(String fieldPath) {
        for (String p = fieldPath; !p.isEmpty(); p = parentPath(p)) {
            Integer line = lines.get(p);
            if (line != null) {
                return source + ":" + line;
            }
        }
        return source;
    }

    private static String parentPath(String fieldPath) {
        int cut = Math.max(fieldPath.lastIndexOf('.'), fieldPath.lastIndexOf('['));
        return cut < 0 ? "" : fieldPath.substring(0, cut);
    }
}
