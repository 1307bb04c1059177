package io.recsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process run to completion and timed, its output kept in files. {@link #measure} runs it
 * under {@code /usr/bin/time -f '%e %U %S %M'}, which adds the CPU (user and system, summed over the
 * whole process tree: a launcher script, the JVM it execs, rclone and a {@code sync -f} after it)
 * and the peak resident set (of the largest process in the tree).
 */
record Timed(int exit, double seconds, double user, double sys, long peakRssKiB, String out, String err) {

    /** GNU time, the Debian package {@code time}; the shell's {@code time} keyword cannot write a file. */
    static final Path TIME = Path.of("/usr/bin/time");

    static boolean timeInstalled() {
        return Files.isExecutable(TIME);
    }

    /** Wall clock only (CPU and RSS unknown: -1). */
    static Timed run(List<String> command, Map<String, String> env, List<String> unset, Path logDir, String label)
            throws IOException, InterruptedException {
        return exec(command, env, unset, logDir, label, false);
    }

    /** Wall, CPU and peak RSS of the whole process tree; wall only when /usr/bin/time is missing. */
    static Timed measure(List<String> command, Map<String, String> env, List<String> unset, Path logDir, String label)
            throws IOException, InterruptedException {
        return exec(command, env, unset, logDir, label, timeInstalled());
    }

    private static Timed exec(List<String> command, Map<String, String> env, List<String> unset, Path logDir, String label,
            boolean withTime) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path out = logDir.resolve(label + ".out");
        Path err = logDir.resolve(label + ".err");
        Path usage = logDir.resolve(label + ".time");
        List<String> cmd = new ArrayList<>();
        if (withTime) {
            cmd.addAll(List.of(TIME.toString(), "-f", "%e %U %S %M", "-o", usage.toString()));
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        unset.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(3, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new IOException(label + ": did not finish within 3 h");
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double user = -1;
        double sys = -1;
        long rss = -1;
        if (withTime && Files.exists(usage)) {
            // GNU time writes "Command exited with non-zero status N" before the line when it fails.
            List<String> lines = Files.readAllLines(usage);
            String[] f = lines.isEmpty() ? new String[0] : lines.get(lines.size() - 1).trim().split("\\s+");
            if (f.length == 4) {
                s = Double.parseDouble(f[0]);
                user = Double.parseDouble(f[1]);
                sys = Double.parseDouble(f[2]);
                rss = Long.parseLong(f[3]);
            }
        }
        return new Timed(p.exitValue(), s, user, sys, rss, Files.readString(out), Files.readString(err));
    }

    double cpu() {
        return user < 0 ? -1 : user + sys;
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
