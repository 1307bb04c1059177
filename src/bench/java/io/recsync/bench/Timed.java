package io.recsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A child process run to completion and timed by the wall clock, its output kept in files. */
record Timed(int exit, double seconds, String out, String err) {

    static Timed run(List<String> command, Map<String, String> env, List<String> unset, Path logDir, String label)
            throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path out = logDir.resolve(label + ".out");
        Path err = logDir.resolve(label + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        unset.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(2, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new IOException(label + ": did not finish within 2 h");
        }
        double s = (System.nanoTime() - t0) / 1e9;
        return new Timed(p.exitValue(), s, Files.readString(out), Files.readString(err));
    }

    /** The last non-blank line of standard output (recsync's {@code --json} object). */
    String lastLine() {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    Timed requireOk(String what) {
        if (exit != 0) {
            throw new AssertionError(what + " exited " + exit + "\n--- stdout\n" + tail(out) + "\n--- stderr\n" + tail(err));
        }
        return this;
    }

    private static String tail(String s) {
        return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
    }
}
