package io.recsync.report;

import io.recsync.config.JobDefinition;
import io.recsync.config.LinkDefinition;
import io.recsync.config.LinkFilter;
import io.recsync.config.SiteDefinition;
import io.recsync.store.ExpiryStore;
import io.recsync.store.LegalHoldStore;
import io.recsync.store.LinkBacklogStore;
import io.recsync.store.StateDatabase;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What retention and legal hold say about a job now, from the state database alone: recordings
 * expired at each link's target (past its retention, not copied back, not missing), held
 * recordings a site lacks, and recordings a source will purge soon that no other site holds.
 *
 * @param expired by link, for links whose sites are indexed
 * @param held how many recordings the job holds (as its last run or resolve refreshed them)
 * @param missing held recordings a site lacks
 * @param purge by site with {@code purgeAfter}: what it purges within the job's {@code purgeAlarm} that only it holds
 * @param sites every site of the job, for metrics that need a series per site
 */
public record RetentionHealth(Map<String, Long> expired, long held, List<LegalHoldStore.Missing> missing,
        Map<String, ExpiryStore.PurgeRisk> purge, java.time.Duration purgeAlarm, List<String> sites,
        Map<String, String[]> linkEnds) {

    public static RetentionHealth of(StateDatabase db, JobDefinition job, Instant now) {
        return of(db, job, now, true);
    }

    /**
     * @param countExpired false to skip the per-link expiry counts (an anti-join over each source's
     *     index): a run has counted them already when it planned
     */
    public static RetentionHealth of(StateDatabase db, JobDefinition job, Instant now, boolean countExpired) {
        Map<String, Long> known = new LinkBacklogStore(db.jdbc(), db.dialect()).knownSites(job.name());
        ExpiryStore expiry = new ExpiryStore(db.jdbc(), db.dialect());
        Map<String, Long> expired = new LinkedHashMap<>();
        Map<String, String[]> ends = new LinkedHashMap<>();
        Map<String, Map.Entry<Long, List<LinkFilter>>> targets = new LinkedHashMap<>();
        for (LinkDefinition l : job.links()) {
            ends.put(l.name(), new String[] {l.from(), l.to()});
            Long from = known.get(l.from());
            Long to = known.get(l.to());
            if (from == null || to == null) {
                continue;
            }
            LinkFilter f = l.filter().resolvedAt(now);
            if (countExpired) {
                expired.put(l.name(), expiry.count(job.name(), from, to, f, job.site(l.to()).retention(), now));
            }
            targets.computeIfAbsent(l.to(), k -> new AbstractMap.SimpleEntry<>(to, new ArrayList<>())).getValue().add(f);
        }
        LegalHoldStore holds = new LegalHoldStore(db.jdbc(), db.dialect());
        Map<String, Long> indexed = new LinkedHashMap<>();
        job.sites().keySet().forEach(s -> {
            if (known.containsKey(s)) {
                indexed.put(s, known.get(s));
            }
        });
        List<LegalHoldStore.Missing> missing = holds.count(job.name()) == 0 ? List.of()
                : holds.missing(job.name(), targets, indexed);
        Map<String, ExpiryStore.PurgeRisk> purge = new LinkedHashMap<>();
        for (SiteDefinition s : job.sites().values()) {
            Long id = known.get(s.name());
            if (s.purgeAfter() == null || id == null) {
                continue;
            }
            List<Long> others = indexed.entrySet().stream().filter(e -> !e.getKey().equals(s.name()))
                    .map(Map.Entry::getValue).toList();
            purge.put(s.name(), expiry.purgeRisk(id, others, s.purgeAfter().before(now.plus(job.retention().purgeAlarm()))));
        }
        return new RetentionHealth(expired, holds.count(job.name()), missing, purge, job.retention().purgeAlarm(),
                List.copyOf(job.sites().keySet()), ends);
    }

    /** Problems for {@code status}, each a line naming what to do; every one of them is CRITICAL. */
    public List<String> critical(JobDefinition job) {
        List<String> out = new ArrayList<>();
        if (!missing.isEmpty()) {
            Map<String, Long> bySite = LegalHoldStore.bySite(missing);
            StringBuilder b = new StringBuilder("legal hold: CRITICAL, " + missing.size() + " held recording(s) missing "
                    + bySite + ":");
            missing.stream().limit(5).forEach(m -> b.append(' ').append(m.recordingId()).append(" at ").append(m.site())
                    .append(" (").append(m.rule()).append(')').append(';'));
            b.append(" restore them (`recsync sync` copies a held recording back from any site that has it) and find out"
                    + " why they went");
            out.add(b.toString());
        }
        purge.forEach((site, r) -> {
            if (r.items() > 0) {
                out.add("purge at " + site + ": CRITICAL, " + r.items() + " recording(s) that " + site + " purges within "
                        + StatusCheck.shown(purgeAlarm) + " (purgeAfter " + job.site(site).purgeAfter() + ", the oldest"
                        + " recorded " + r.oldestRecordedAt() + ") are at no other site: " + r.sample()
                        + (r.items() > r.sample().size() ? " ..." : "") + "; run `recsync sync` now and check its links"
                        + " from " + site);
            }
        });
        return out;
    }
}
