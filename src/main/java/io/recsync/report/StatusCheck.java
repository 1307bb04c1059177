package io.recsync.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsync.store.LinkBacklogStore.LinkBacklog;
import io.recsync.store.RunRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code recsync status}: a job's health judged against thresholds, in the Nagios/Icinga plugin
 * convention (first line {@code RECSYNC STATE - summary | perfdata}, one line per link after it,
 * exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN: not recsync's run exit codes), or as JSON.
 *
 * <p>What makes each state, worst wins:
 * <ul>
 * <li>CRITICAL: a link's lag at or over {@code critLag}, its backlog at or over {@code critBacklog},
 *     or no successful run for {@code critAge} or longer (or none ever, with runs);
 * <li>WARNING: lag over {@code warnLag}, backlog over {@code warnBacklog}, open conflicts (they
 *     wait for a person; nothing is lost), the last run failed or left failed items (exit 1, 4, 6) or stopped at its transfer limit (exit 7),
 *     a link no run has indexed yet (added since the last run);
 * <li>UNKNOWN: the job never ran (nothing to judge), or its state could not be read (set by the caller).
 * </ul>
 */
public final class StatusCheck {

    /** The plugin states, with their exit codes. */
    public enum State {
        OK(0), WARNING(1), CRITICAL(2), UNKNOWN(3);

        private final int code;

        State(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** Worse of two: CRITICAL > WARNING > UNKNOWN > OK. */
        State worst(State other) {
            return rank(other) > rank(this) ? other : this;
        }

        private static int rank(State s) {
            return switch (s) {
                case OK -> 0;
                case UNKNOWN -> 1;
                case WARNING -> 2;
                case CRITICAL -> 3;
            };
        }
    }

    /** Thresholds; a null one is not checked. */
    public record Thresholds(Duration warnLag, Duration critLag, Long warnBacklog, Long critBacklog, Duration critAge) {}

    /** The verdict on one link. */
    public record LinkVerdict(LinkBacklog backlog, Duration lag, State state, String why) {}

    /** The whole verdict: state, first line, per-link lines, problems. */
    public record Verdict(State state, String summary, String perfdata, List<LinkVerdict> links, List<String> problems,
            JobHealth health, RetentionHealth retention) {

        public Verdict(State state, String summary, String perfdata, List<LinkVerdict> links, List<String> problems,
                JobHealth health) {
            this(state, summary, perfdata, links, problems, health, null);
        }

        /** The plugin output: the first line with perfdata, then one line per link and per problem. */
        public String text() {
            StringBuilder b = new StringBuilder("RECSYNC ").append(state).append(" - ").append(summary);
            if (!perfdata.isEmpty()) {
                b.append(" | ").append(perfdata);
            }
            b.append('\n');
            for (LinkVerdict l : links) {
                LinkBacklog k = l.backlog();
                b.append(k.link()).append(": ").append(l.state()).append(", backlog ").append(k.items()).append(" (")
                        .append(Units.bytes(k.bytes())).append("), lag ").append(shown(l.lag()))
                        .append(k.oldest() == null || k.items() == 0 ? "" : " (oldest recorded " + k.oldest() + ")")
                        .append(l.why() == null ? "" : "; " + l.why())
                        .append(expiredText(k))
                        .append('\n');
            }
            if (health != null) {
                groupLines(b, health.groups());
            }
            for (String p : problems) {
                b.append(p).append('\n');
            }
            return b.toString();
        }

        /** {@code ; 12 expired at dr (past its retention: not copied back, not missing)}, or "". */
        private String expiredText(LinkBacklog k) {
            long n = retention == null ? 0 : retention.expired().getOrDefault(k.link(), 0L);
            return n == 0 ? "" : "; " + n + " expired at " + k.target() + " (past its retention: not copied back, not"
                    + " missing)";
        }

        public String json() {
            ObjectMapper m = new ObjectMapper();
            ObjectNode root = m.createObjectNode();
            root.put("state", state.name());
            root.put("exitCode", state.code());
            root.put("summary", summary);
            if (health != null) {
                root.put("job", health.job());
                root.put("at", health.at().toString());
            }
            ArrayNode links = root.putArray("links");
            for (LinkVerdict l : this.links) {
                LinkBacklog k = l.backlog();
                ObjectNode n = links.addObject();
                n.put("link", k.link());
                n.put("source", k.source());
                n.put("target", k.target());
                n.put("state", l.state().name());
                n.put("backlogItems", k.items());
                n.put("backlogBytes", k.bytes());
                n.put("lagSeconds", l.lag().toSeconds());
                n.put("oldestRecordedAt", k.oldest() == null || k.items() == 0 ? null : k.oldest().toString());
                ArrayNode tenants = n.putArray("tenants");
                if (health != null) {
                    for (LinkBacklog t : health.tenants()) {
                        if (t.link().equals(k.link()) && t.items() > 0) {
                            ObjectNode tn = tenants.addObject();
                            tn.put("tenant", t.tenant());
                            tn.put("backlogItems", t.items());
                            tn.put("backlogBytes", t.bytes());
                            tn.put("lagSeconds", t.lag(health.at()).toSeconds());
                        }
                    }
                }
            }
            if (health != null) {
                ObjectNode conflicts = root.putObject("openConflicts");
                health.openConflicts().forEach(conflicts::put);
                root.set("lastRun", run(m, health.lastRun().orElse(null)));
                root.set("lastSuccess", run(m, health.lastSuccess().orElse(null)));
                ArrayNode never = root.putArray("neverIndexed");
                health.neverIndexed().forEach(never::add);
            }
            if (health != null && !health.groups().isEmpty()) {
                ArrayNode groups = root.putArray("groups");
                for (io.recsync.store.GroupChoiceStore.MemberCount c : health.groups()) {
                    ObjectNode n = groups.addObject();
                    n.put("group", c.group());
                    n.put("site", c.site());
                    n.put("holdsPreferred", c.preferred());
                    n.put("holdsFallback", c.fallback());
                }
            }
            if (retention != null) {
                ObjectNode expired = root.putObject("expired");
                retention.expired().forEach(expired::put);
                ObjectNode hold = root.putObject("legalHold");
                hold.put("held", retention.held());
                ArrayNode missing = hold.putArray("missing");
                retention.missing().forEach(x -> missing.addObject().put("recording", x.recordingId().toString())
                        .put("site", x.site()).put("rule", x.rule()));
                ObjectNode purge = root.putObject("purgeAtRisk");
                retention.purge().forEach((site, r) -> purge.put(site, r.items()));
            }
            ArrayNode problems = root.putArray("problems");
            this.problems.forEach(problems::add);
            return root.toString();
        }

        /**
         * {@code group hq->[dr1,dr2,cold]: dr1 1203, dr2 797, cold 0 + 12 as fallback}: where each
         * target group's recordings are (owed-to-it copies, plus fallback copies a member keeps).
         */
        private static void groupLines(StringBuilder b, List<io.recsync.store.GroupChoiceStore.MemberCount> counts) {
            String current = null;
            for (io.recsync.store.GroupChoiceStore.MemberCount c : counts) {
                if (!c.group().equals(current)) {
                    b.append(current == null ? "" : "\n").append("group ").append(c.group()).append(": ");
                    current = c.group();
                } else {
                    b.append(", ");
                }
                b.append(c.site()).append(' ').append(c.preferred());
                if (c.fallback() > 0) {
                    b.append(" + ").append(c.fallback()).append(" as fallback");
                }
            }
            if (current != null) {
                b.append('\n');
            }
        }

        private static ObjectNode run(ObjectMapper m, RunRecord r) {
            if (r == null) {
                return null;
            }
            ObjectNode n = m.createObjectNode();
            n.put("run", r.executionId());
            n.put("kind", r.kind());
            n.put("status", r.status());
            if (r.exitCode() != null) {
                n.put("exitCode", r.exitCode());
            }
            n.put("startedAt", r.startedAt().toString());
            n.put("endedAt", r.endedAt() == null ? null : r.endedAt().toString());
            n.put("copied", r.copied());
            n.put("failed", r.failed());
            return n;
        }
    }

    private StatusCheck() {}

    /** UNKNOWN, for what kept the check from judging (a job file, the state database): {@code why} says what to do. */
    public static Verdict unknown(String why) {
        return new Verdict(State.UNKNOWN, why, "", List.of(), List.of(), null);
    }

    public static Verdict judge(JobHealth h, Thresholds t) {
        if (h.lastRun().isEmpty()) {
            return new Verdict(State.UNKNOWN, "job '" + h.job() + "' has never run, so there is nothing to judge yet; run"
                    + " `recsync sync --job FILE` (or wait for its timer), then check again", "", List.of(), List.of(), h);
        }
        State state = State.OK;
        List<LinkVerdict> verdicts = new ArrayList<>();
        List<String> perf = new ArrayList<>();
        Duration maxLag = Duration.ZERO;
        long backlog = 0;
        for (LinkBacklog b : h.links()) {
            Duration lag = b.lag(h.at());
            maxLag = lag.compareTo(maxLag) > 0 ? lag : maxLag;
            backlog += b.items();
            State s = State.OK;
            List<String> why = new ArrayList<>();
            if (t.critLag() != null && lag.compareTo(t.critLag()) >= 0) {
                s = State.CRITICAL;
                why.add("lag at or over " + shown(t.critLag()));
            } else if (t.warnLag() != null && lag.compareTo(t.warnLag()) >= 0) {
                s = State.WARNING;
                why.add("lag at or over " + shown(t.warnLag()));
            }
            if (t.critBacklog() != null && b.items() >= t.critBacklog()) {
                s = s.worst(State.CRITICAL);
                why.add("backlog at or over " + t.critBacklog());
            } else if (t.warnBacklog() != null && b.items() >= t.warnBacklog()) {
                s = s.worst(State.WARNING);
                why.add("backlog at or over " + t.warnBacklog());
            }
            state = state.worst(s);
            verdicts.add(new LinkVerdict(b, lag, s, why.isEmpty() ? null : String.join(", ", why)));
            String label = label(b.link());
            perf.add("'lag_" + label + "'=" + lag.toSeconds() + "s;" + secs(t.warnLag()) + ";" + secs(t.critLag()) + ";0");
            perf.add("'backlog_" + label + "'=" + b.items() + ";" + num(t.warnBacklog()) + ";" + num(t.critBacklog()) + ";0");
            perf.add("'backlog_bytes_" + label + "'=" + b.bytes() + "B;;;0");
        }
        List<String> problems = new ArrayList<>();
        for (String never : h.neverIndexed()) {
            state = state.worst(State.WARNING);
            problems.add(never + ": WARNING, no run has indexed its sites yet (a link added since the last run?); the next"
                    + " `recsync sync` does");
        }
        long conflicts = h.openConflictCount();
        perf.add("'open_conflicts'=" + conflicts + ";;;0");
        if (conflicts > 0) {
            state = state.worst(State.WARNING);
            problems.add("open conflicts: WARNING, " + conflicts + " " + h.openConflicts() + " wait for a person: `recsync"
                    + " conflicts list --job " + h.job() + "`");
        }
        RunRecord last = h.lastRun().get();
        if (last.exitCode() != null && (last.exitCode() == 1 || last.exitCode() == 4 || last.exitCode() == 6)) {
            state = state.worst(State.WARNING);
            problems.add("last run " + last.executionId() + ": WARNING, it ended with exit " + last.exitCode()
                    + (last.failed() > 0 ? " (" + last.failed() + " item(s) failed)" : "") + ": `recsync report --run "
                    + last.executionId() + "`");
        } else if (last.exitCode() != null && last.exitCode() == 7) {
            // Stopped at --max-duration/--max-transfer with work left: a target is behind until a rerun.
            state = state.worst(State.WARNING);
            problems.add("last run " + last.executionId() + ": WARNING, it stopped at its transfer limit (exit 7) with"
                    + " work left for the next run: widen the window or raise --max-duration/--max-transfer if that"
                    + " happens every night");
        }
        Duration sinceSuccess = h.lastSuccess().map(r -> Duration.between(r.endedAt() != null ? r.endedAt() : r.startedAt(),
                h.at())).orElse(null);
        if (sinceSuccess != null) {
            perf.add("'last_success_age'=" + Math.max(0, sinceSuccess.toSeconds()) + "s;;" + secs(t.critAge()) + ";0");
        }
        if (t.critAge() != null && (sinceSuccess == null || sinceSuccess.compareTo(t.critAge()) >= 0)) {
            state = state.worst(State.CRITICAL);
            problems.add("last success: CRITICAL, " + (sinceSuccess == null ? "no run of this job has succeeded yet"
                    : "the last successful run ended " + shown(sinceSuccess) + " ago") + " (--crit-age " + shown(t.critAge())
                    + ")");
        }
        String summary = "job " + h.job() + ": " + h.links().size() + " link(s), backlog " + backlog + ", max lag "
                + shown(maxLag) + (conflicts > 0 ? ", " + conflicts + " open conflict(s)" : "")
                + h.lastSuccess().map(r -> ", last success run " + r.executionId()).orElse(", no successful run yet");
        return new Verdict(state, summary, String.join(" ", perf), verdicts, problems, h);
    }

    /**
     * As {@link #judge(JobHealth, Thresholds)}, with retention and legal hold: a held recording a
     * site lacks, and a recording a source purges soon that no other site holds, are CRITICAL;
     * recordings expired at a target are counted per link (they are not backlog).
     */
    public static Verdict judge(JobHealth h, Thresholds t, io.recsync.config.JobDefinition job, RetentionHealth r) {
        Verdict v = judge(h, t);
        if (r == null || h.lastRun().isEmpty()) {
            return v;
        }
        State state = v.state();
        List<String> problems = new ArrayList<>(v.problems());
        List<String> critical = r.critical(job);
        if (!critical.isEmpty()) {
            state = State.CRITICAL;
            problems.addAll(0, critical);
        }
        // Perfdata only for what the job uses: a job without retention, holds or purges reads as before.
        StringBuilder perf = new StringBuilder(v.perfdata());
        java.util.Map<String, String> targets = new java.util.HashMap<>();
        job.links().forEach(l -> targets.put(l.name(), l.to()));
        r.expired().forEach((link, n) -> {
            if (targets.containsKey(link) && !job.site(targets.get(link)).retention().isEmpty()) {
                perf.append(" 'expired_").append(label(link)).append("'=").append(n).append(";;;0");
            }
        });
        if (!job.retention().legalHold().isEmpty() || r.held() > 0) {
            perf.append(" 'held_missing'=").append(r.missing().size()).append(";;1;0");
        }
        long atRisk = r.purge().values().stream().mapToLong(io.recsync.store.ExpiryStore.PurgeRisk::items).sum();
        if (!r.purge().isEmpty()) {
            perf.append(" 'purge_at_risk'=").append(atRisk).append(";;1;0");
        }
        long expired = r.expired().values().stream().mapToLong(Long::longValue).sum();
        String summary = v.summary() + (expired > 0 ? ", " + expired + " expired" : "")
                + (r.missing().isEmpty() ? "" : ", " + r.missing().size() + " held recording(s) missing")
                + (atRisk > 0 ? ", " + atRisk + " about to be purged at no other site" : "");
        return new Verdict(state, summary, perf.toString().strip(), v.links(), problems, h, r);
    }

    /** A perfdata label: the link's name with anything but letters, digits, '.', '_' and '-' as '_' ({@code hq->dr}: {@code hq_dr}). */
    static String label(String link) {
        return link.replace("->", "_").replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String secs(Duration d) {
        return d == null ? "" : String.valueOf(d.toSeconds());
    }

    private static String num(Long n) {
        return n == null ? "" : String.valueOf(n);
    }

    /** 0s, 45s, 3m20s, 2h5m, 3d4h: a lag for a person. */
    static String shown(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        if (s < 86400) {
            return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
        }
        return String.format(Locale.ROOT, "%dd%s", s / 86400, s % 86400 / 3600 == 0 ? "" : s % 86400 / 3600 + "h");
    }
}
