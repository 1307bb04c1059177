package io.recsync.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps secrets out of connector profiles whatever the connector kind: a secret typed into the
 * file is refused at load time (before any connector opens), and a profile or secret file that
 * other users can read earns a warning. Connectors still read secrets with
 * {@link Settings#optionalSecret}; this only looks, it marks nothing read.
 */
final class ProfileSecrets {

    /** Fields whose value is itself a secret. */
    static final Set<String> SECRET_FIELDS = Set.of("password", "passphrase", "secretKey", "secretAccessKey", "token",
            "sessionToken");

    /** A private key may be given as a path, so only its inline PEM form counts as a literal secret. */
    static final String PRIVATE_KEY = "privateKey";

    private ProfileSecrets() {}

    /**
     * @param profile the connector's settings (a profile file's root, or an inline mapping)
     * @param file the file they come from, whose permissions are checked; null for none
     * @throws ConfigException for a secret written literally, naming the file, line and field
     */
    static void check(Settings profile, Path file, List<String> warnings) {
        Set<String> secretFields = new TreeSet<>();
        walk(profile, secretFields, warnings);
        String mode = file == null ? null : looseMode(file);
        if (!secretFields.isEmpty() && mode != null) {
            warnings.add(profile.source() + ": refers to secrets (" + String.join(", ", secretFields)
                    + ") and is readable by other users (" + mode + "); run: chmod 600 " + file);
        }
    }

    private static void walk(Settings s, Set<String> secretFields, List<String> warnings) {
        for (String key : s.keys()) {
            Object value = s.peek(key);
            Settings nested = s.peekChild(key);
            if (nested != null) {
                walk(nested, secretFields, warnings);
            } else if (SECRET_FIELDS.contains(key) || key.equals(PRIVATE_KEY)) {
                refuseLiteral(s, key, value);
                if (value != null) {
                    secretFields.add(key);
                }
            } else if (key.endsWith("File") && isSecretName(key.substring(0, key.length() - 4)) && value != null) {
                secretFields.add(key);
                Path secretFile = s.baseDir().resolve(value instanceof Secret sv ? sv.reveal() : value.toString()).normalize();
                String mode = looseMode(secretFile);
                if (mode != null) {
                    warnings.add(s.error(key, "names " + secretFile + ", which other users can read (" + mode
                            + "); run: chmod 600 " + secretFile).getMessage());
                }
            }
        }
    }

    private static void refuseLiteral(Settings s, String key, Object value) {
        if (value == null || value instanceof Secret) {
            return;
        }
        if (key.equals(PRIVATE_KEY) && !value.toString().contains("PRIVATE KEY")) {
            return; // a path to a key file, not the key
        }
        throw s.error(key, "is a secret written into the file; secrets are not written in profiles: use "
                + key + ": ${ENV_VAR} or '" + key + "File: /path/to/file' (a file only the recsync user can read)");
    }

    private static boolean isSecretName(String stem) {
        return SECRET_FIELDS.contains(stem) || stem.equals(PRIVATE_KEY);
    }

    /** The file's mode when group or others may read it; null when private, absent or not POSIX. */
    static String looseMode(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                return PosixFilePermissions.toString(p);
            }
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
