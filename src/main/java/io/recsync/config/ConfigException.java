package io.recsync.config;

/**
 * A configuration or usage error: the message names the file, line and field and says what to
 * do. The CLI maps it to exit code 2 (nothing was done).
 */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
