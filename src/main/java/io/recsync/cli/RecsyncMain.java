package io.recsync.cli;

/** The jar's entry point. */
public final class RecsyncMain {

    private RecsyncMain() {}

    public static void main(String[] args) {
        Recsync.main(args);
    }
}
