package io.recsync.manifest;

/**
 * One value broke a manifest rule. Carries the field so that readers can locate the problem with
 * their own source and line; {@link #getMessage()} names the field for callers that have neither.
 */
public class InvalidFieldException extends IllegalArgumentException {

    private final String field;
    private final String reason;

    /**
     * @param field the field at fault, null when the whole line is (malformed JSON)
     * @param reason what is wrong and what is expected
     */
    public InvalidFieldException(String field, String reason) {
        super(field == null ? reason : "field '" + field + "': " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The field at fault, or null. */
    public String field() {
        return field;
    }

    /** The message without the field name. */
    public String reason() {
        return reason;
    }

    ManifestProblem at(String source, long line) {
        return new ManifestProblem(source, line, field, reason);
    }
}
