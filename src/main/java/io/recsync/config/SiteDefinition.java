package io.recsync.config;

/**
 * One storage place in a job.
 *
 * @param connector the connector profile (its {@code type} and the kind's fields)
 * @param readOnly a source that is never written ({@code mode: ro})
 * @param priority lower wins when several sources could supply a recording or a policy picks a side
 */
public record SiteDefinition(String name, Settings connector, ManifestSource manifest, boolean readOnly, int priority) {

    /** The connector kind ({@code local}, {@code sftp}, ...) as the profile's {@code type} names it. */
    public String kind() {
        Object type = connector.peek("type");
        return type == null ? "?" : String.valueOf(type).trim();
    }
}
