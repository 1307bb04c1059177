package io.recsync.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** PLACEHOLDER until the config branch lands: the real loader replaces this file at merge. */
public final class JobLoader {

    /** A loaded job and the warnings loading it produced. */
    public record LoadedJob(JobDefinition job, List<String> warnings) {}

    private JobLoader() {}

    public static LoadedJob loadWithWarnings(Path jobFile, Map<String, String> env) {
        throw new ConfigException("job loading is not merged yet");
    }
}
