package io.recsync.manifest;

import io.recsync.connector.ObjectInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Decides a scanned recording's identity. Each field comes from the sidecar when it has it, else
 * from the path template; the time of recording falls back to the audio file's modification time.
 * A recording that still lacks its id, tenant or group is a problem that says what is missing and
 * why neither source gave it, never a silent omission.
 */
final class RecordingResolver {

    /** A sidecar as the scan found it: {@code sidecar} null when it could not be used. */
    record SidecarRead(FileRef file, Sidecar sidecar) {}

    private final String site;
    private final PathTemplate template;
    private final KnownPlacements known;

    RecordingResolver(String site, PathTemplate template, KnownPlacements known) {
        this.site = site;
        this.template = template;
        this.known = known;
    }

    /** @param read the audio's sidecar, null when it has none */
    ManifestEntry resolve(ObjectInfo audioInfo, FileRef audio, SidecarRead read) {
        String source = site + ":" + audio.path().value();
        Sidecar s = read == null ? null : read.sidecar();
        UUID id = s == null ? null : s.id();
        String tenant = s == null ? null : s.tenant();
        String group = s == null ? null : s.group();
        Instant recordedAt = s == null ? null : s.recordedAt();
        long version = s == null || s.version() == null ? 1 : s.version();

        PathTemplate.Match match = null;
        if (template != null && (id == null || tenant == null || group == null || recordedAt == null)) {
            try {
                match = template.match(audio.path()).orElse(null);
            } catch (InvalidFieldException e) {
                return new ManifestEntry.Invalid(e.at(source, 0));
            }
            if (match != null) {
                id = id != null ? id : match.id();
                tenant = tenant != null ? tenant : match.tenant();
                group = group != null ? group : match.group();
                recordedAt = recordedAt != null ? recordedAt : match.recordedAt();
            }
        }
        if (read == null && (id == null || tenant == null || group == null)) {
            // No sidecar and no template that says it: recsync may have placed this very file (its
            // sidecar since lost); then it knows whose it is. The audio's facts are the scan's, so
            // a copy changed since shows up as changed, never as what recsync once wrote.
            Recording placed = known.atAudioPath(audio.path()).orElse(null);
            if (placed != null) {
                id = id != null ? id : placed.id();
                tenant = tenant != null ? tenant : placed.tenant();
                group = group != null ? group : placed.group();
                recordedAt = recordedAt != null ? recordedAt : placed.recordedAt();
                version = placed.version();
            }
        }
        List<String> missing = new ArrayList<>();
        if (id == null) {
            missing.add("id");
        }
        if (tenant == null) {
            missing.add("tenant");
        }
        if (group == null) {
            missing.add("group");
        }
        if (!missing.isEmpty()) {
            return new ManifestEntry.Invalid(new ManifestProblem(source, 0, missing.get(0),
                    "cannot tell the recording's " + String.join(", ", missing) + ": " + sidecarPart(audio, read, missing)
                            + " and " + templatePart(match, missing)
                            + "; expected a sidecar with these fields or a path matching the template"));
        }
        Recording r = new Recording(id, tenant, group, recordedAt != null ? recordedAt : audioInfo.modified(),
                audio, read == null ? null : read.file(), version, s == null ? null : s.updatedAt());
        try {
            RecordingValidator.check(r);
        } catch (InvalidFieldException e) {
            return new ManifestEntry.Invalid(e.at(source, 0));
        }
        return new ManifestEntry.Valid(r, 0);
    }

    private static String sidecarPart(FileRef audio, SidecarRead read, List<String> missing) {
        if (read == null) {
            return "there is no sidecar " + ScanFileKind.sidecarOf(audio.path()).name();
        }
        if (read.sidecar() == null) {
            return "the sidecar " + read.file().path().name() + " is not usable (reported separately)";
        }
        return "the sidecar " + read.file().path().name() + " has no '" + String.join("', '", missing) + "'";
    }

    private String templatePart(PathTemplate.Match match, List<String> missing) {
        if (template == null) {
            return "no path template is configured";
        }
        if (match == null) {
            return "the path does not match the template '" + template + "'";
        }
        return "the template '" + template + "' has no {" + String.join("}, {", missing) + "}";
    }
}
