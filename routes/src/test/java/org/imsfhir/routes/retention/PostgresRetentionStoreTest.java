package org.imsfhir.routes.retention;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.imsfhir.routes.support.TestDatabases.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The retention purge on a real PostgreSQL at 127.0.0.1:5432 (as {@code PostgresMessageStoreTest}:
 * fails, never skips, when PostgreSQL is down; its own schema, dropped afterwards).
 */
class PostgresRetentionStoreTest extends RetentionStoreContract {

    private static PostgresSchema schema;

    @BeforeAll
    static void migrate() throws Exception {
        schema = PostgresSchema.create("ims_retention_test");
        assertThat(schema.productName()).isEqualTo("PostgreSQL");
    }

    @AfterAll
    static void dropSchema() throws Exception {
        schema.drop();
    }

    @Override
    protected DataSource dataSource() {
        return schema.dataSource();
    }
}
