package io.recsync.config;

/**
 * A secret value (password, key, token). Its {@link #toString()} never reveals it, so a secret
 * that ends up in a log line, an exception or a report prints as {@code ******}.
 */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    /** The secret itself: pass it straight to the client library, never to a message. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "******";
    }

    /** A value's text, a secret's revealed: for parsing, never for messages. */
    static String plain(Object v) {
        return v instanceof Secret s ? s.reveal() : String.valueOf(v);
    }

    /** A message about a value that came from the environment must not repeat it. */
    static String redacted(String message, Object raw) {
        if (raw instanceof Secret s && !s.reveal().isEmpty() && message != null) {
            return message.replace(s.reveal(), s.toString());
        }
        return message;
    }
}
