package io.recsync.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Checks a manifest file end to end without touching any site or database: every line against
 * the rules, and ids for repeats. Backs {@code recsync manifest validate FILE}.
 *
 * <p>Memory: lines are streamed; the kept problems are capped; the duplicate check grows with
 * the number of ids (see {@link DuplicateIdDetector}).
 */
public final class ManifestValidation {

    public static final int DEFAULT_PROBLEM_LIMIT = 1000;

    private final int problemLimit;

    public ManifestValidation() {
        this(DEFAULT_PROBLEM_LIMIT);
    }

    /** @param problemLimit how many problems the report keeps (all are counted) */
    public ManifestValidation(int problemLimit) {
        if (problemLimit < 0) {
            throw new IllegalArgumentException("problemLimit must be >= 0, got " + problemLimit);
        }
        this.problemLimit = problemLimit;
    }

    /**
     * Validates a file; format and compression come from its name. An unknown extension, a bad CSV
     * header or a damaged gzip stream is reported as the report's {@code fatal} problem.
     *
     * @throws IOException when the file cannot be opened or read
     */
    public ValidationReport validate(Path file) throws IOException {
        ManifestReader reader;
        try {
            reader = ManifestReader.open(file);
        } catch (ManifestException e) {
            return new ValidationReport(file.toString(), 0, 0, 0, List.of(e.problem()), 1, e.problem());
        }
        try (reader) {
            return validate(reader);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Validates what {@code reader} yields, to its end; the caller closes the reader. */
    public ValidationReport validate(ManifestReader reader) {
        DuplicateIdDetector ids = new DuplicateIdDetector();
        List<ManifestProblem> problems = new ArrayList<>();
        long valid = 0;
        long invalid = 0;
        long problemCount = 0;
        ManifestProblem fatal = null;
        try {
            for (ManifestEntry e = reader.next(); e != null; e = reader.next()) {
                ManifestProblem problem = null;
                if (e instanceof ManifestEntry.Invalid bad) {
                    problem = bad.problem();
                } else if (e instanceof ManifestEntry.Valid good) {
                    problem = duplicate(reader.source(), ids, good);
                }
                if (problem == null) {
                    valid++;
                    continue;
                }
                invalid++;
                problemCount++;
                if (problems.size() < problemLimit) {
                    problems.add(problem);
                }
            }
        } catch (ManifestException e) {
            fatal = e.problem();
            problemCount++;
            problems.add(fatal);
        }
        return new ValidationReport(reader.source(), valid + invalid, valid, invalid, problems, problemCount, fatal);
    }

    private static ManifestProblem duplicate(String source, DuplicateIdDetector ids, ManifestEntry.Valid entry) {
        OptionalLong first = ids.firstSeen(entry.recording().id(), entry.line());
        if (first.isEmpty()) {
            return null;
        }
        return new ManifestProblem(source, entry.line(), "id", "duplicate id " + entry.recording().id()
                + ", first seen on line " + first.getAsLong() + "; expected each recording once per manifest");
    }
}
