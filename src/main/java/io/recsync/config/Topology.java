package io.recsync.config;

import java.util.List;

/**
 * A job's {@code topology:} shorthand, checked against the job's sites; {@link TopologyExpander}
 * turns it into links.
 *
 * @param hub the hub site for {@link Kind#HUB}, null otherwise
 * @param sites the sites taking part, in file order; the hub among them
 * @param schedule the schedule class of every expanded link, or null for none
 */
public record Topology(Kind kind, String hub, List<String> sites, LinkFilter filter, Schedule schedule) {

    public enum Kind {
        MESH("mesh"), TWO_WAY("two-way"), HUB("hub");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException(label);
        }
    }
}
