package db.migration;

import java.sql.Connection;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Creates Spring Batch's job repository tables from the schema script its jar ships, for whichever
 * database we are on, so that Flyway owns the whole schema (and `recsync history` works without
 * starting Spring at all).
 */
public class V1__spring_batch_schema extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        String product = c.getMetaData().getDatabaseProductName().toLowerCase();
        String script = product.contains("postgres") ? "schema-postgresql.sql" : "schema-h2.sql";
        ScriptUtils.executeSqlScript(c, new ClassPathResource("org/springframework/batch/core/" + script));
    }
}
