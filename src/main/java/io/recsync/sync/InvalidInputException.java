package io.recsync.sync;

import java.util.List;

/**
 * A manifest or scan produced lines that are not valid recordings and the operator did not ask
 * to skip them. The run stops before copying anything (exit 2); the message lists the problems.
 */
public class InvalidInputException extends RuntimeException {

    private final List<String> problems;

    public InvalidInputException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
