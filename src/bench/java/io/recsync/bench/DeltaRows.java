package io.recsync.bench;

import io.recsync.manifest.ManifestFormat;
import io.recsync.manifest.ManifestWriter;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The nightly delta at scale: an archive of N small recordings at both sites, 1% new at the source,
 * then one nightly of each tool, then a nightly with nothing new. recsync runs twice, once with the
 * recorder's manifest ({@code source: file}: a manifest directory the recorder adds a file to each
 * day) and once scanning the source ({@code source: scan}); rclone runs {@code copy} with its
 * default compare (size, mtime) and with {@code --checksum}.
 *
 * <p>"At both sites" is set up without copying twice: each tool's target is a hard-linked copy of
 * the source ({@code cp -al}, names and mtimes equal), and each recsync home is seeded by one
 * untimed sync over it, as after the nights before. Only new names are ever written, so the shared
 * inodes are never changed.
 */
final class DeltaRows {

    private final BenchRun b;
    private final long audioBytes = Long.getLong("bench.delta.bytes", 2048);
    private final int newPercent = Integer.getInteger("bench.delta.newPercent", 1);

    DeltaRows(BenchRun b) {
        this.b = b;
    }

    static List<Integer> sizes() {
        return List.of(System.getProperty("bench.delta.sizes", "100000,1000000").split(",")).stream().map(String::trim)
                .filter(s -> !s.isEmpty()).map(Integer::valueOf).filter(n -> n > 0).toList();
    }

    void run() throws Exception {
        for (int n : sizes()) {
            delta(n);
        }
    }

    private void delta(int n) throws Exception {
        Path dir = b.work.resolve("delta-" + n);
        Path source = dir.resolve("source");
        long t0 = System.nanoTime();
        writeWithManifest(source, 0, n, "0000-base.jsonl.gz");
        System.out.printf(Locale.ROOT, "BENCH delta %,d: generated the archive in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        BenchRun.settle("the archive");
        Path tScan = dir.resolve("target-recsync-scan");
        Path tFile = dir.resolve("target-recsync-file");
        Path tRclone = dir.resolve("target-rclone");
        Path tRcloneSum = dir.resolve("target-rclone-checksum");
        for (Path t : List.of(tScan, tFile, tRclone, tRcloneSum)) {
            Timed.run(List.of("cp", "-al", source.toString(), t.toString()), Map.of(), List.of(), b.logs, "cp-al-" + t.getFileName())
                    .requireOk("cp -al");
            Scratch.quietDelete(t.resolve("manifest"));
        }
        String fileManifest = "{ source: file, path: manifest }";
        Path jobScan = b.writeJob("delta-scan-" + n, source, BenchRun.scanManifest(), BenchRun.localConnector(tScan), b.parallel);
        Path jobFile = b.writeJob("delta-file-" + n, source, fileManifest, BenchRun.localConnector(tFile), b.parallel);
        Path homeScan = dir.resolve("home-scan");
        Path homeFile = dir.resolve("home-file");
        // The nights before: recsync learns both sites once (untimed in the table, printed here).
        Timed seedScan = b.recsyncSync("delta-" + n + "-seed-scan", jobScan, homeScan, Map.of(), 0);
        Timed seedFile = b.recsyncSync("delta-" + n + "-seed-file", jobFile, homeFile, Map.of(), 0);
        System.out.printf(Locale.ROOT, "BENCH delta %,d: seeding syncs over the existing archive: scan %.1f s (%.1f s CPU, %d MiB),"
                + " file %.1f s (%.1f s CPU, %d MiB)%n", n, seedScan.seconds(), seedScan.cpu(), seedScan.peakRssKiB() >> 10,
                seedFile.seconds(), seedFile.cpu(), seedFile.peakRssKiB() >> 10);
        int added = Math.max(1, n * newPercent / 100);
        writeWithManifest(source, n, added, "0001-new.jsonl.gz");
        BenchRun.settle("the night's new recordings");
        long newFiles = 2L * added;
        List<String> exclude = List.of("--exclude", "/manifest/**");
        String row = String.format(Locale.ROOT, "nightly delta (local): %,d recordings at both sites, %,d new (%,d files)", n, added,
                newFiles);
        Timed file = b.recsyncSync("delta-" + n + "-file", jobFile, homeFile, Map.of(), added);
        Timed scan = b.recsyncSync("delta-" + n + "-scan", jobScan, homeScan, Map.of(), added);
        Timed rc = b.rclone("delta-" + n, args(source, tRclone, exclude), null);
        Timed rcSum = b.rclone("delta-" + n + "-checksum", args(source, tRcloneSum, exclude, "--checksum"), null);
        b.table.add(new Table.Line(row, "recsync sync, source: file (recorder's manifest)", newFiles, List.of(file), List.of(), ""));
        b.table.add(new Table.Line(row, "recsync sync, source: scan", newFiles, List.of(scan), List.of(), ""));
        b.table.add(new Table.Line(row, "rclone copy (size, mtime)", newFiles, List.of(rc), List.of(), ""));
        b.table.add(new Table.Line(row, "rclone copy --checksum", newFiles, List.of(rcSum), List.of(), ""));
        TreeCheck.assertSame(source, tScan, "recsync scan delta");
        TreeCheck.assertSame(source, tFile, "recsync file delta");
        TreeCheck.assertSame(source, tRclone, "rclone delta");
        long all = 2L * (n + added);
        String again = String.format(Locale.ROOT, "no-change nightly (local): %,d recordings at both sites", n + added);
        Timed file2 = b.recsyncSync("delta-" + n + "-file-again", jobFile, homeFile, Map.of(), 0);
        Timed scan2 = b.recsyncSync("delta-" + n + "-scan-again", jobScan, homeScan, Map.of(), 0);
        Timed rc2 = b.rclone("delta-" + n + "-again", args(source, tRclone, exclude), null);
        b.table.add(new Table.Line(again, "recsync sync, source: file", all, List.of(file2), List.of(), ""));
        b.table.add(new Table.Line(again, "recsync sync, source: scan", all, List.of(scan2), List.of(), ""));
        b.table.add(new Table.Line(again, "rclone copy (size, mtime)", all, List.of(rc2), List.of(), ""));
        if (!Boolean.getBoolean("bench.keep")) {
            Scratch.quietDelete(dir);
        }
    }

    private List<String> args(Path source, Path target, List<String> extra, String... flags) {
        List<String> a = new ArrayList<>(List.of("copy", source.toString(), target.toString(), "--transfers", String.valueOf(b.parallel)));
        a.addAll(extra);
        a.addAll(List.of(flags));
        return a;
    }

    /** Recordings {@code from..from+count-1} under {@code source}, listed in a new file of its manifest directory. */
    private void writeWithManifest(Path source, long from, int count, String manifestName) throws Exception {
        Path manifest = Files.createDirectories(source.resolve("manifest")).resolve(manifestName);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(manifest), 1 << 16);
                ManifestWriter w = ManifestWriter.open(out, ManifestFormat.JSONL, true)) {
            SyntheticArchive.generate(source, b.seed, from, count, audioBytes, w::write);
        }
    }
}
