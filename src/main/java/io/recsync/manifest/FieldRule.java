package io.recsync.manifest;

/**
 * The kinds of value a manifest holds, each with the wording of what is expected, so that every
 * message about a field of one kind says the same thing whichever reader found it.
 */
enum FieldRule {
    ID("a UUID like 0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b"),
    NAME("a non-empty name without '/' or control characters"),
    TIMESTAMP("an ISO-8601 UTC timestamp like 2026-11-20T14:03:11Z"),
    SIZE("a size in bytes (an integer >= 0)"),
    SHA256("64 lower-case hex characters"),
    PATH("a relative '/'-separated path below the site root"),
    VERSION("an integer >= 1"),
    TEXT("a string"),
    DURATION("a number of seconds >= 0"),
    OBJECT("a JSON object");

    final String expected;

    FieldRule(String expected) {
        this.expected = expected;
    }

    InvalidFieldException missing(String field) {
        return new InvalidFieldException(field, "missing; expected " + expected);
    }

    /** {@code got} is already rendered, e.g. {@code 'xyz'} or {@code JSON number 5}. */
    InvalidFieldException got(String field, String got) {
        return new InvalidFieldException(field, "expected " + expected + ", got " + got);
    }

    InvalidFieldException gotText(String field, String value) {
        return got(field, shown(value));
    }

    /**
     * A value quoted for a one-line message: control characters escaped, long values cut, so a
     * hostile line cannot forge extra report lines or flood the report.
     */
    static String shown(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("'");
        int limit = Math.min(value.length(), 100);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (value.length() > limit) {
            b.append("...(").append(value.length()).append(" characters)");
        }
        return b.append('\'').toString();
    }
}
