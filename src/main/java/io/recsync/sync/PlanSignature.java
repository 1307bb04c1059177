package io.recsync.sync;

import io.recsync.config.LinkDefinition;
import io.recsync.config.LinkFilter;
import io.recsync.config.SiteDefinition;
import io.recsync.connector.Sha256;
import io.recsync.store.PlanSignatureStore;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything a plan's outcome depends on, as one SHA-256: the links with their resolved filters,
 * the command line's filter, the conflict policy, and for every site its location, mode,
 * priority and index version. Two plans with one signature find the same differences. The order
 * the links are ranked in is left out: it only chooses among sources when there is something to
 * copy, and an unchanged signature after a completed run means there is nothing.
 *
 * @param scope which links and command-line filter the plan covers (one remembered plan each)
 * @param base the same over the sites' unstamped versions instead of their index versions: equal
 *     for two states that differ only by rows inserted or updated under a run's stamp
 */
record PlanSignature(String scope, String value, String base) {

    static PlanSignature of(SiteConnectors sites, List<LinkDefinition> links, LinkFilter operator,
            PlanSignatureStore store) {
        List<LinkDefinition> byName = links.stream().sorted(Comparator.comparing(LinkDefinition::name)).toList();
        StringBuilder scope = new StringBuilder("links");
        byName.forEach(l -> scope.append('|').append(l.name()));
        scope.append("|operator=").append(operator);
        StringBuilder all = new StringBuilder(scope).append("|policy=").append(sites.job().conflictPolicy())
                .append("|holds=").append(sites.job().retention().legalHold().digest());
        for (LinkDefinition l : byName) {
            all.append("|link ").append(l.from()).append("->").append(l.to()).append(' ').append(l.filter());
            if (l.group() != null) {
                // Which members a run found reachable is in the links themselves; their priorities and weights here.
                all.append(" group ").append(l.group().summary());
            }
        }
        List<Long> ids = sites.job().sites().keySet().stream().map(sites::id).toList();
        Map<Long, Long> versions = store.versions(ids);
        Map<Long, Long> unstamped = store.unstampedVersions(ids);
        StringBuilder base = new StringBuilder(all);
        for (SiteDefinition s : sites.job().sites().values()) {
            long id = sites.id(s.name());
            String site = "|site " + s.name() + ' ' + id + ' ' + sites.connector(s.name()).describe()
                    + (s.readOnly() ? " ro " : " rw ") + s.priority() + " retention " + s.retention();
            all.append(site).append(" v").append(versions.get(id));
            base.append(site).append(" u").append(unstamped.get(id));
        }
        return new PlanSignature(hash(scope.toString()), hash(all.toString()), hash(base.toString()));
    }

    private static String hash(String s) {
        return Sha256.of(s.getBytes(StandardCharsets.UTF_8));
    }
}
