package io.recsync.config;

/**
 * One storage place in a job.
 *
 * @param connector the connector profile (its {@code type} and the kind's fields)
 * @param readOnly a source that is never written ({@code mode: ro})
 * @param priority lower wins when several sources could supply a recording or a policy picks a side
 * @param retention how long this site keeps recordings ({@code retention:}): older ones it lacks are expired there
 * @param purgeAfter when this site itself deletes recordings ({@code purgeAfter: 90d}), else null
 */
public record SiteDefinition(String name, Settings connector, ManifestSource manifest, boolean readOnly, int priority,
        Retention retention, RetentionPeriod purgeAfter) {

    public SiteDefinition(String name, Settings connector, ManifestSource manifest, boolean readOnly, int priority) {
        this(name, connector, manifest, readOnly, priority, Retention.NONE, null);
    }

    /** The connector kind ({@code local}, {@code sftp}, ...) as the profile's {@code type} names it. */
    public String kind() {
        Object type = connector.peek("type");
        // A type from ${ENV} arrives marked as a Secret; the kind of a storage is no secret.
        return type == null ? "?" : (type instanceof Secret s ? s.reveal() : String.valueOf(type)).trim();
    }
}
