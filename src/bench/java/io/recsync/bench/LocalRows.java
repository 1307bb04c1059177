package io.recsync.bench;

import io.recsync.demo.ArchiveGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Local to local: first copies of four data sets (recsync with its durable default; rclone
 * {@code copy --checksum}; rclone followed by {@code sync -f} on its target, equal durability), a
 * no-change rerun of the demo-size set, and the fixed cost of a run: a no-change nightly of the
 * {@code recsync demo} job.
 */
final class LocalRows {

    /** A data set: demo-size recordings (1 to 6 s of WAV, like {@code recsync demo}) or fixed-size ones. */
    record DataSet(String key, int count, long audioBytes, boolean rerun) {
        String describe() {
            if (audioBytes == 0) {
                return String.format(Locale.ROOT, "%,d demo recordings (%,d files)", count, 2L * count);
            }
            return String.format(Locale.ROOT, "%,d x %s", count,
                    audioBytes >= 1 << 20 ? (audioBytes >> 20) + " MiB" : (audioBytes >> 10) + " KiB");
        }
    }

    private final BenchRun b;

    LocalRows(BenchRun b) {
        this.b = b;
    }

    static List<DataSet> sets() {
        List<DataSet> all = List.of(
                new DataSet("night", Integer.getInteger("bench.night.count", 50_000), 0, false),
                new DataSet("demo", Integer.getInteger("bench.demo.count", 5_000), 0, true),
                new DataSet("small", Integer.getInteger("bench.small.count", 5_000), Long.getLong("bench.small.kib", 256) << 10, false),
                new DataSet("large", Integer.getInteger("bench.large.count", 40), Long.getLong("bench.large.mib", 64) << 20, false));
        List<String> wanted = List.of(System.getProperty("bench.local.sets", "night,demo,small,large").split(","));
        return all.stream().filter(s -> s.count() > 0 && wanted.contains(s.key())).toList();
    }

    void run() throws Exception {
        for (DataSet set : sets()) {
            copies(set);
        }
        if (Boolean.parseBoolean(System.getProperty("bench.demoJob", "true"))) {
            demoJob();
        }
    }

    private void copies(DataSet set) throws Exception {
        Path source = b.work.resolve("source-" + set.key());
        long t0 = System.nanoTime();
        long files;
        long bytes;
        if (set.audioBytes() == 0) {
            ArchiveGenerator.Summary s = new ArchiveGenerator(b.seed, 1.0, 6.0).generate(source, set.count());
            files = 2L * s.recordings();
            bytes = s.bytes();
        } else {
            SyntheticArchive.Stats s = SyntheticArchive.generate(source, b.seed, set.count(), set.audioBytes());
            files = s.files();
            bytes = s.bytes();
        }
        System.out.printf(Locale.ROOT, "BENCH generated %s: %.1f MiB in %.1f s%n", set.describe(), bytes / 1048576.0,
                (System.nanoTime() - t0) / 1e9);
        BenchRun.settle("the generated recordings");
        String row = "local, " + set.describe() + String.format(Locale.ROOT, ", %.0f MiB, first copy", bytes / 1048576.0);
        List<Timed> rs = new ArrayList<>();
        List<Timed> rc = new ArrayList<>();
        List<Timed> rcSync = new ArrayList<>();
        Path home = null;
        Path job = null;
        Path rcloneTarget = null;
        for (int i = 0; i < b.runs; i++) {
            String tag = set.key() + "-" + i;
            Path target = Files.createDirectories(b.work.resolve("target-recsync-" + tag));
            home = b.work.resolve("home-" + tag);
            job = b.writeJob("local-" + tag, source, BenchRun.scanManifest(), BenchRun.localConnector(target), b.parallel);
            rs.add(b.recsyncSync(tag, job, home, Map.of(), set.count()));
            TreeCheck.assertSame(source, target, "recsync " + tag);
            boolean last = i == b.runs - 1;
            if (!(last && set.rerun())) {
                Scratch.quietDelete(target);
                Scratch.quietDelete(home);
            }
            Path rt = b.work.resolve("target-rclone-" + tag);
            rc.add(b.rclone(tag, rcloneCopy(source, rt, "--checksum"), null));
            TreeCheck.assertSame(source, rt, "rclone " + tag);
            if (last && set.rerun()) {
                rcloneTarget = rt;
            } else {
                Scratch.quietDelete(rt);
            }
            Path rs2 = b.work.resolve("target-rclone-sync-" + tag);
            rcSync.add(b.rclone(tag + "-sync", rcloneCopy(source, rs2, "--checksum"), rs2));
            TreeCheck.assertSame(source, rs2, "rclone + sync -f " + tag);
            Scratch.quietDelete(rs2);
        }
        b.table.add(new Table.Line(row, "recsync sync (SHA-256 proof, fsync)", files, rs, List.of(), ""));
        b.table.add(new Table.Line(row, "rclone copy --checksum --transfers " + b.parallel, files, rc, List.of(), ""));
        b.table.add(new Table.Line(row, "rclone copy --checksum, then sync -f", files, rcSync, List.of(), ""));
        if (set.rerun()) {
            String again = "local, " + set.describe() + ", no-change rerun";
            List<Timed> r1 = new ArrayList<>();
            List<Timed> r2 = new ArrayList<>();
            List<Timed> r3 = new ArrayList<>();
            for (int i = 0; i < b.runs; i++) {
                r1.add(b.recsyncSync(set.key() + "-rerun-" + i, job, home, Map.of(), 0));
                r2.add(b.rclone(set.key() + "-rerun-" + i, rcloneCopy(source, rcloneTarget), null));
                r3.add(b.rclone(set.key() + "-rerun-sum-" + i, rcloneCopy(source, rcloneTarget, "--checksum"), null));
            }
            b.table.add(new Table.Line(again, "recsync sync", files, r1, List.of(), ""));
            b.table.add(new Table.Line(again, "rclone copy (size, mtime)", files, r2, List.of(), ""));
            b.table.add(new Table.Line(again, "rclone copy --checksum", files, r3, List.of(), ""));
            Scratch.quietDelete(home);
            Scratch.quietDelete(rcloneTarget);
            Scratch.quietDelete(b.work.resolve("target-recsync-" + set.key() + "-" + (b.runs - 1)));
        }
        Scratch.quietDelete(source);
    }

    List<String> rcloneCopy(Path source, Path target, String... flags) {
        List<String> a = new ArrayList<>(List.of("copy", source.toString(), target.toString(), "--transfers",
                String.valueOf(b.parallel)));
        a.addAll(List.of(flags));
        return a;
    }

    /**
     * The fixed cost of a run: {@code recsync demo} once (untimed), then the no-change nightly
     * {@code recsync sync --job demo/job.yml}, against rclone's no-change copy of the same site.
     */
    private void demoJob() throws Exception {
        Path dir = b.work.resolve("demo");
        Path home = b.work.resolve("home-demo");
        b.recsync("demo-setup", home, Map.of(), "demo", "--dir", dir.toString());
        BenchRun.settle("the demo's recordings");
        Path job = dir.resolve("job.yml");
        Path rcloneTarget = b.work.resolve("demo-rclone-b");
        b.rclone("demo-setup", rcloneCopy(dir.resolve("site-a"), rcloneTarget, "--checksum"), null);
        long files = TreeCheck.files(dir.resolve("site-a")).size();
        List<Timed> r1 = new ArrayList<>();
        List<Timed> r2 = new ArrayList<>();
        List<Timed> r3 = new ArrayList<>();
        for (int i = 0; i < Math.max(3, b.runs); i++) {
            r1.add(b.recsyncSync("demo-nightly-" + i, job, home, Map.of(), 0));
            r2.add(b.rclone("demo-nightly-" + i, rcloneCopy(dir.resolve("site-a"), rcloneTarget), null));
            r3.add(b.rclone("demo-nightly-sum-" + i, rcloneCopy(dir.resolve("site-a"), rcloneTarget, "--checksum"), null));
        }
        String row = "fixed cost: no-change nightly of the demo job (" + files / 2 + " recordings)";
        b.table.add(new Table.Line(row, "recsync sync --job demo/job.yml", files, r1, List.of(), ""));
        b.table.add(new Table.Line(row, "rclone copy (size, mtime)", files, r2, List.of(), ""));
        b.table.add(new Table.Line(row, "rclone copy --checksum", files, r3, List.of(), ""));
        Scratch.quietDelete(dir);
        Scratch.quietDelete(home);
        Scratch.quietDelete(rcloneTarget);
    }
}
