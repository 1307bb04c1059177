package io.recsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.config.LinkFilter;
import io.recsync.manifest.Recording;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An incremental plan reads its scope, not the sites: every statement over the scope starts from
 * it in H2's own plan, also once the scope holds more than the hundred rows H2 expects an equality
 * on {@code site_id} to find (before, it started from the source site's rows and read every one:
 * 80 to 190 s of planning for a 1% nightly at 1,000,000 recordings).
 */
class ScopedPlanJoinOrderTest {

    private static final int AT_BOTH = 3_000;
    private static final int NEW = 400;
    private static final long PLAN = 7;

    @TempDir
    Path dir;

    StateDatabase db;
    /** Every statement over the plan's scope, as H2 plans it, in the order they ran. */
    final List<String> scopedPlans = new ArrayList<>();
    long a;
    long b;

    @BeforeEach
    void open() {
        db = StoreFixture.open(dir);
        SiteStore sites = new SiteStore(db.jdbc());
        a = sites.idFor("job", "a", "local:/a");
        b = sites.idFor("job", "b", "local:/b");
        ManifestIndex index = new ManifestIndex(db.jdbc());
        Instant t = Instant.parse("2026-11-10T10:00:00Z");
        List<Recording> both = new ArrayList<>();
        for (int i = 0; i < AT_BOTH; i++) {
            both.add(StoreFixture.recording(i, "acme", "support", t.plusSeconds(i), true));
            if (both.size() == 1_000 || i == AT_BOTH - 1) {
                index.upsert(a, 1, ManifestIndex.Origin.SCAN, both);
                index.upsert(b, 1, ManifestIndex.Origin.SCAN, both);
                both.clear();
            }
        }
        // The night's new recordings at the source are stamped by refresh 2: they are the scope.
        List<Recording> changed = new ArrayList<>();
        for (int i = AT_BOTH; i < AT_BOTH + NEW; i++) {
            changed.add(StoreFixture.recording(i, "acme", "support", t.plusSeconds(i), true));
        }
        index.upsert(a, 2, ManifestIndex.Origin.SCAN, changed);
        // H2's statistics as a long-lived state database has them (it analyses a table as it grows).
        db.jdbc().execute("ANALYZE");
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** The state database's own template, but each statement over a scope is first EXPLAINed by H2. */
    private JdbcTemplate explaining() {
        return new JdbcTemplate(db.dataSource()) {
            @Override
            public int update(String sql, Object... args) {
                if (sql.contains("plan_scope") && !sql.startsWith("INSERT INTO plan_scope") && !sql.startsWith("DELETE")) {
                    scopedPlans.add(queryForList("EXPLAIN " + sql, String.class, args).get(0));
                }
                return super.update(sql, args);
            }
        };
    }

    @Test
    void everyStatementOverTheScopeStartsFromTheScope() {
        JdbcTemplate jdbc = explaining();
        PlanStore plans = new PlanStore(jdbc, db.dialect());
        assertThat(plans.scopeChanges(PLAN, 1, 0)).isEqualTo(NEW);
        db.jdbc().execute("ANALYZE");

        PlanStore.LinkScope scope = new PlanStore.LinkScope(PLAN, "a->b", a, b, LinkFilter.ALL, true);
        assertThat(plans.planMissing(scope)).as("the new recordings are planned, the rest is not looked at").isEqualTo(NEW);
        assertThat(plans.planConflicts("job", 2, "a", "b", scope)).isZero();
        new MetadataStore(jdbc, db.dialect()).noteDifferences(PLAN, 0, "a->b", a, b, LinkFilter.ALL, PLAN);

        assertThat(scopedPlans).as("the scoped statements of planMissing (2), planConflicts and noteDifferences")
                .hasSize(4);
        for (String plan : scopedPlans) {
            String from = plan.substring(plan.indexOf("FROM"));
            assertThat(from.indexOf("PLAN_SCOPE")).as("H2 starts from the scope, not from a site's rows:%n%s", plan)
                    .isNotNegative()
                    .isLessThan(from.indexOf("MANIFEST_ENTRY"));
        }
    }
}
