package io.recsync.sync;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.config.JobDefinition;
import io.recsync.manifest.FileRef;
import io.recsync.manifest.ManifestEntry;
import io.recsync.manifest.ManifestReader;
import io.recsync.manifest.Recording;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A reviewable plan as JSON Lines: a header line, then one line per planned copy, each a
 * manifest line (the same fields and rules as a JSON Lines manifest) plus where it goes:
 * <pre>
 * {"recsyncPlan":1,"job":"nightly","createdAt":"2026-11-30T02:00:00Z","items":2}
 * {"from":"hq","to":"dr","copyAudio":true,"copyMetadata":true,"id":"...","tenant":"acme",...}
 * </pre>
 * Written by {@code sync --plan-out}, executed as it stands by {@code sync --plan-in}.
 */
public final class PlanFile {

    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEEP_PROBLEMS = 50;

    /** One planned copy as the file gives it. */
    /**
     * @param replaces for a metadata update: the checksum of the target's metadata it replaces; null for a copy
     * @param keepAs for keep-both: where the replaced metadata is also kept; null otherwise
     */
    public record Item(String from, String to, boolean copyAudio, boolean copyMetadata, Recording recording, long line,
            String replaces, String keepAs) {

        public Item(String from, String to, boolean copyAudio, boolean copyMetadata, Recording recording, long line) {
            this(from, to, copyAudio, copyMetadata, recording, line, null, null);
        }
    }

    private PlanFile() {}

    /** Writes the header and then every item the producer hands over; returns the item count. */
    static long write(Path file, String job, long items, Consumer<Consumer<Item>> producer) {
        try (OutputStream out = Files.newOutputStream(file);
                JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("recsyncPlan", FORMAT);
            g.writeStringField("job", job);
            g.writeStringField("createdAt", Instant.now().toString());
            g.writeNumberField("items", items);
            g.writeEndObject();
            g.writeRaw('\n');
            long[] n = {0};
            producer.accept(item -> {
                try {
                    writeItem(g, item);
                    n[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the plan to " + file + ": " + e.getMessage(), e);
                }
            });
            if (n[0] != items) {
                throw new IllegalStateException("the plan changed while " + file + " was written");
            }
            return n[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plan to " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeItem(JsonGenerator g, Item item) throws IOException {
        Recording r = item.recording();
        g.writeStartObject();
        g.writeStringField("from", item.from());
        g.writeStringField("to", item.to());
        g.writeBooleanField("copyAudio", item.copyAudio());
        g.writeBooleanField("copyMetadata", item.copyMetadata());
        if (item.replaces() != null) {
            g.writeStringField("replacesMetadata", item.replaces());
        }
        if (item.keepAs() != null) {
            g.writeStringField("keepReplacedAs", item.keepAs());
        }
        g.writeStringField("id", r.id().toString());
        g.writeStringField("tenant", r.tenant());
        g.writeStringField("group", r.group());
        g.writeStringField("recordedAt", r.recordedAt().toString());
        writeFile(g, "audio", r.audio());
        if (r.metadata() != null) {
            writeFile(g, "metadata", r.metadata());
        }
        g.writeNumberField("version", r.version());
        if (r.updatedAt() != null) {
            g.writeStringField("updatedAt", r.updatedAt().toString());
        }
        g.writeEndObject();
        g.writeRaw('\n');
    }

    private static void writeFile(JsonGenerator g, String name, FileRef f) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeStringField("path", f.path().value());
        g.writeNumberField("size", f.size());
        g.writeStringField("sha256", f.sha256());
        g.writeEndObject();
    }

    /**
     * Hands the plan's items over in batches, one batch in memory at a time. The caller has checked
     * the whole file with {@link #check} before the run started (a bad plan must not become a failed
     * run); a file changed since then fails the run here instead of being executed in part.
     */
    public static long read(Path file, JobDefinition job, int batchSize, Consumer<List<Item>> batches) {
        List<Item> batch = new ArrayList<>(batchSize);
        long count = scan(file, job, item -> {
            batch.add(item);
            if (batch.size() >= batchSize) {
                batches.accept(List.copyOf(batch));
                batch.clear();
            }
            return null;
        }, problem -> {
            throw new IllegalStateException("the plan " + file + " changed while it was read: " + problem);
        });
        if (!batch.isEmpty()) {
            batches.accept(List.copyOf(batch));
        }
        return count;
    }

    /**
     * Checks the whole file against the job without handing anything over.
     *
     * @return the number of items
     * @throws InvalidInputException naming file, line and field of every problem (the first 50)
     */
    public static long check(Path file, JobDefinition job) {
        if (!Files.isRegularFile(file)) {
            String p = file + ": no such file; write a plan first with `recsync sync --job FILE --plan-out " + file + "`";
            throw new InvalidInputException(p, List.of(p));
        }
        String source = file.toString();
        List<String> problems = new ArrayList<>();
        long[] problemCount = {0};
        Set<String> seen = new HashSet<>();
        long count = scan(file, job, item -> {
            if (!seen.add(item.to() + "/" + item.recording().id())) {
                return source + ":" + item.line() + ": field 'id': " + item.recording().id() + " is planned for site '"
                        + item.to() + "' twice";
            }
            return null;
        }, problem -> {
            if (problemCount[0]++ < KEEP_PROBLEMS) {
                problems.add(problem);
            }
        });
        if (problemCount[0] > 0) {
            throw new InvalidInputException(problemCount[0] + " problem(s) in the plan " + source + "; nothing was copied."
                    + " First: " + problems.get(0), problems);
        }
        return count;
    }

    /** Reads every line; valid items go to {@code items} (which may object), problems to {@code problems}. */
    private static long scan(Path file, JobDefinition job, java.util.function.Function<Item, String> items,
            Consumer<String> problems) {
        String source = file.toString();
        long declared = -1;
        long count = 0;
        long itemLines = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long line = 0;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                if (declared < 0) {
                    declared = header(text, job, source, line);
                    continue;
                }
                itemLines++;
                Object parsed = item(text, job, source, line);
                String problem = parsed instanceof Item item ? items.apply(item) : (String) parsed;
                if (problem != null) {
                    problems.accept(problem);
                } else {
                    count++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plan " + file + ": " + e.getMessage(), e);
        }
        if (declared < 0) {
            problems.accept(source + ":1: the file is empty; expected a plan written by `recsync sync --plan-out`");
        } else if (itemLines != declared) {
            problems.accept(source + ": the header announces " + declared + " items but the file holds " + itemLines
                    + " (cut short, or edited without updating 'items'?); write the plan again with --plan-out");
        }
        return count;
    }

    private static long header(String text, JobDefinition job, String source, long line) {
        try {
            return checkHeader(text, job, source, line);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage() + "; nothing was copied", List.of(e.getMessage()));
        }
    }

    private static long checkHeader(String text, JobDefinition job, String source, long line) {
        JsonNode h;
        try {
            h = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ":" + line + ": not JSON; expected the plan header line");
        }
        if (h == null || !h.path("recsyncPlan").isInt()) {
            throw new IllegalArgumentException(source + ":" + line + ": field 'recsyncPlan': missing; this is not a plan"
                    + " written by `recsync sync --plan-out`");
        }
        if (h.get("recsyncPlan").asInt() != FORMAT) {
            throw new IllegalArgumentException(source + ":" + line + ": field 'recsyncPlan': format "
                    + h.get("recsyncPlan").asInt() + " is not known to this recsync (it reads " + FORMAT + ")");
        }
        String planJob = h.path("job").asText("");
        if (!planJob.equals(job.name())) {
            throw new IllegalArgumentException(source + ":" + line + ": field 'job': the plan is for job '" + planJob
                    + "', not '" + job.name() + "'; run it with that job's file");
        }
        if (!h.path("items").canConvertToLong() || h.path("items").asLong() < 0) {
            throw new IllegalArgumentException(source + ":" + line + ": field 'items': expected the number of items");
        }
        return h.get("items").asLong();
    }

    /** One item line: the {@link Item}, or the problem as a String. */
    private static Object item(String text, JobDefinition job, String source, long line) {
        ManifestEntry entry = ManifestReader.parseJsonLine(text, source, line);
        if (entry instanceof ManifestEntry.Invalid invalid) {
            return invalid.problem().toString();
        }
        Recording r = ((ManifestEntry.Valid) entry).recording();
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (IOException e) {
            return source + ":" + line + ": not JSON";
        }
        String from = n.path("from").asText("");
        String to = n.path("to").asText("");
        boolean linked = job.links().stream().anyMatch(l -> l.from().equals(from) && l.to().equals(to));
        if (!linked) {
            return source + ":" + line + ": fields 'from'/'to': the job has no link " + from + "->" + to;
        }
        if (!n.path("copyAudio").isBoolean() || !n.path("copyMetadata").isBoolean()) {
            return source + ":" + line + ": fields 'copyAudio'/'copyMetadata': expected true or false";
        }
        boolean audio = n.get("copyAudio").asBoolean();
        boolean metadata = n.get("copyMetadata").asBoolean();
        if (!audio && !metadata) {
            return source + ":" + line + ": fields 'copyAudio'/'copyMetadata': the item copies nothing";
        }
        if (metadata && r.metadata() == null) {
            return source + ":" + line + ": field 'copyMetadata': true, but the recording has no metadata";
        }
        String replaces = n.hasNonNull("replacesMetadata") ? n.get("replacesMetadata").asText() : null;
        if (replaces != null && (audio || !metadata || !replaces.matches("[0-9a-f]{64}"))) {
            return source + ":" + line + ": field 'replacesMetadata': a metadata update copies metadata only and names the"
                    + " replaced file's SHA-256 (64 lower-case hex digits)";
        }
        String keepAs = n.hasNonNull("keepReplacedAs") ? n.get("keepReplacedAs").asText() : null;
        if (keepAs != null) {
            try {
                io.recsync.connector.StoragePath.of(keepAs);
            } catch (IllegalArgumentException e) {
                return source + ":" + line + ": field 'keepReplacedAs': " + e.getMessage();
            }
        }
        return new Item(from, to, audio, metadata, r, line, replaces, keepAs);
    }
}
