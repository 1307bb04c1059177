package io.recsync.sync;

import io.recsync.config.JobDefinition;
import io.recsync.config.SiteDefinition;
import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorCatalog;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * `recsync sites check`: proves each site of a job can be reached and used the way a run will use
 * it. A writable site gets a probe object written (verified put), read back and deleted under
 * {@code .recsync/}; a read-only site is only listed, never written.
 */
public final class SiteCheck {

    /**
     * One site's result.
     *
     * @param millis how long the whole check took
     * @param latency the site's answer time as the planner measures it ({@link SiteLatency}), null
     *     when the site could not be opened
     */
    public record Result(String site, String location, boolean ok, String checked, long millis, java.time.Duration latency,
            String problem, ExitCode exit) {

        Result(String site, String location, boolean ok, String checked, long millis, java.time.Duration latency,
                String problem) {
            this(site, location, ok, checked, millis, latency, problem, ok ? ExitCode.SUCCESS : ExitCode.FAILED);
        }
    }

    /**
     * The command's exit code: 0 when every site passed; else as a run that met the same failure
     * would end ({@link RunSummarizer#exitFor}): 2 when any site fails for a reason to fix in its
     * configuration or on the server (login, host key, missing share or bucket), else 1 (unreachable:
     * rerun when it is back).
     */
    public static ExitCode exitOf(List<Result> results) {
        ExitCode worst = ExitCode.SUCCESS;
        for (Result r : results) {
            if (r.exit() == ExitCode.USAGE || r.exit() == ExitCode.REFUSED) {
                return ExitCode.USAGE;
            }
            if (!r.ok()) {
                worst = ExitCode.FAILED;
            }
        }
        return worst;
    }

    private final ConnectorCatalog catalog;

    public SiteCheck(ConnectorCatalog catalog) {
        this.catalog = catalog;
    }

    public List<Result> checkAll(JobDefinition job) {
        List<Result> results = new ArrayList<>();
        for (SiteDefinition site : job.sites().values()) {
            results.add(check(site));
        }
        return results;
    }

    Result check(SiteDefinition site) {
        long start = System.nanoTime();
        String location = "?";
        String step = "connect";
        java.time.Duration latency = null;
        try (Connector c = catalog.open(site.connector())) {
            location = c.describe();
            step = "time";
            latency = SiteLatency.measure(c);
            step = "list";
            try (Stream<?> s = c.walk(StoragePath.ROOT)) {
                s.findFirst();
            }
            if (site.readOnly()) {
                return new Result(site.name(), location, true, "list (read-only: not written)", ms(start), latency, null);
            }
            byte[] probe = new byte[4096];
            new SecureRandom().nextBytes(probe);
            String sha = Sha256.of(probe);
            StoragePath path = StoragePath.of(".recsync/probe-" + UUID.randomUUID() + ".bin");
            step = "write";
            c.put(path, new ByteArrayInputStream(probe), probe.length, sha, WriteMode.CREATE_NEW);
            try {
                step = "refuse to replace";
                String refused = refusesToReplace(c, path);
                if (refused != null) {
                    return new Result(site.name(), location, false, "list, write", ms(start), latency, refused);
                }
                step = "read back";
                try (InputStream in = c.open(path)) {
                    Sha256.Counted back = Sha256.of(in);
                    if (!back.sha256().equals(sha) || back.size() != probe.length) {
                        return new Result(site.name(), location, false, "list, write", ms(start), latency,
                                "the probe read back differs from what was written");
                    }
                }
            } finally {
                step = "delete";
                c.delete(path);
            }
            step = "object lock";
            java.util.Optional<Connector.LockFinding> lock = c.proveObjectLock();
            if (lock.isPresent() && !lock.get().enforced()) {
                // The profile asks for a lock the server does not keep: recordings would be written unlocked.
                return new Result(site.name(), location, false, "list, write, refuse to replace, read back, delete",
                        ms(start), latency, lock.get().text(), ExitCode.USAGE);
            }
            return new Result(site.name(), location, true, "list, write, refuse to replace, read back, delete"
                    + lock.map(l -> ", " + l.text()).orElse(""), ms(start), latency, null);
        } catch (RuntimeException | java.io.IOException e) {
            return new Result(site.name(), location, false, step, ms(start), latency, step + " failed: " + e.getMessage(),
                    RunSummarizer.exitFor(e));
        }
    }

    /**
     * A second create-only write of the probe's name, with other bytes, must be refused: recsync
     * never replaces a recording because the storage itself refuses to (an S3 server that ignores
     * If-None-Match would not). Null when refused, else what is wrong.
     */
    private static String refusesToReplace(Connector c, StoragePath probe) {
        byte[] other = new byte[] {'r', 'e', 'c', 's', 'y', 'n', 'c'};
        try {
            c.put(probe, new ByteArrayInputStream(other), other.length, Sha256.of(other), WriteMode.CREATE_NEW);
        } catch (AlreadyExistsException refused) {
            return null;
        }
        return "the storage replaced an existing file on a create-only write (for S3: the server ignores"
                + " If-None-Match); recsync cannot guarantee there that it never overwrites a recording: use a"
                + " server that enforces conditional writes";
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
