package io.recsync.manifest;

/**
 * A manifest that cannot be read on at all: unknown extension, an unusable CSV header, a corrupt
 * or truncated gzip stream. Unlike a bad line (an {@link ManifestEntry.Invalid} entry) this stops
 * the reader, because what follows cannot be trusted to mean what it says; importing half of such
 * a file would make the recordings after the damage look absent.
 */
public class ManifestException extends RuntimeException {

    private final ManifestProblem problem;

    public ManifestException(ManifestProblem problem) {
        this(problem, null);
    }

    public ManifestException(ManifestProblem problem, Throwable cause) {
        super(problem.toString(), cause);
        this.problem = problem;
    }

    public ManifestProblem problem() {
        return problem;
    }
}
