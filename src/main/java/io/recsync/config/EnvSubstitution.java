package io.recsync.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in one scalar value. A value that used the
 * environment comes back as a {@link Secret}: that is how a secret field tells a reference from a
 * password typed into the file, and it keeps the value out of messages and logs.
 */
final class EnvSubstitution {

    private static final Pattern EXPRESSION = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?", Pattern.DOTALL);

    private final Map<String, String> env;

    EnvSubstitution(Map<String, String> env) {
        this.env = env == null ? Map.of() : env;
    }

    static boolean mentions(String text) {
        return text.contains("${");
    }

    /**
     * @param where {@code file:line} of the field, for errors
     * @param field dotted field path, for errors
     * @return {@code text} itself when it has no substitution, else a {@link Secret}
     */
    Object apply(String text, String where, String field) {
        StringBuilder out = new StringBuilder();
        boolean substituted = false;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${"); // the escape for a literal "${"
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                Matcher m = EXPRESSION.matcher(end < 0 ? "" : text.substring(i + 2, end));
                if (end < 0 || !m.matches()) {
                    throw new ConfigException(where + ": field '" + field + "' has a malformed ${...}; write ${NAME} or"
                            + " ${NAME:-default} (NAME: letters, digits and _), or $${ for a literal ${");
                }
                out.append(lookup(m.group(1), m.group(2), where, field));
                substituted = true;
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return substituted ? new Secret(out.toString()) : out.toString();
    }

    private String lookup(String name, String fallback, String where, String field) {
        String value = env.get(name);
        if (fallback != null) {
            // Shell semantics of ":-": an empty variable counts as unset.
            return value == null || value.isEmpty() ? fallback : value;
        }
        if (value == null || value.isEmpty()) {
            throw new ConfigException(where + ": field '" + field + "' uses ${" + name + "}, which is "
                    + (value == null ? "not set" : "empty") + "; export it in the environment recsync runs in"
                    + " (the crontab line or the systemd unit's Environment=/EnvironmentFile=), or give a default:"
                    + " ${" + name + ":-default}");
        }
        return value;
    }
}
