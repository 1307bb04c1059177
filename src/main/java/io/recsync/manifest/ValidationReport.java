package io.recsync.manifest;

import java.util.List;

/**
 * The outcome of validating one manifest.
 *
 * @param lines recordings read (non-blank lines, without a CSV header): {@code valid + invalid}
 * @param invalid lines that broke a rule, including repeats of an id seen on an earlier line
 * @param problems the first problems found, at most the validation's limit (plus {@code fatal})
 * @param problemCount all problems found, kept or not
 * @param fatal what stopped the reading early (bad CSV header, truncated gzip), or null when the
 *     whole manifest was read; always the last entry of {@code problems}
 */
public record ValidationReport(
        String source,
        long lines,
        long valid,
        long invalid,
        List<ManifestProblem> problems,
        long problemCount,
        ManifestProblem fatal) {

    public ValidationReport {
        problems = List.copyOf(problems);
    }

    /** True when the manifest was read to its end and every line is a valid, unique recording. */
    public boolean ok() {
        return problemCount == 0;
    }

    /** Problems found beyond the kept ones. */
    public long omittedProblems() {
        return problemCount - problems.size();
    }

    /** One line for a terminal or a log, e.g. {@code m.jsonl: 12 lines, 10 valid, 2 invalid}. */
    public String summary() {
        String s = source + ": " + lines + " lines, " + valid + " valid, " + invalid + " invalid";
        if (fatal != null) {
            s += "; reading stopped at line " + fatal.line() + ", the rest was not checked";
        }
        return s;
    }
}
