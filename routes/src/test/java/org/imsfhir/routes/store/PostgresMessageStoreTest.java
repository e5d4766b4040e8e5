package org.imsfhir.routes.store;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.imsfhir.routes.support.TestDatabases.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The message stores on a real PostgreSQL at 127.0.0.1:5432 (database {@code test}, user
 * {@code postgres}, trust auth; CI starts it). Fails, never skips, when PostgreSQL is down. Each
 * run migrates its own schema and drops it afterwards, so parallel runs do not meet.
 */
class PostgresMessageStoreTest {

    private static PostgresSchema schema;

    @BeforeAll
    static void migrate() throws Exception {
        schema = PostgresSchema.create("ims_store_test");
        assertThat(schema.productName()).isEqualTo("PostgreSQL");
    }

    @AfterAll
    static void dropSchema() throws Exception {
        schema.drop();
    }

    @Nested
    class Intake extends IntakeStoreContract {
        @Override
        protected DataSource dataSource() {
            return schema.dataSource();
        }
    }

    @Nested
    class Outbox extends OutboxStoreContract {
        @Override
        protected DataSource dataSource() {
            return schema.dataSource();
        }
    }

    @Nested
    class Nodes extends NodeRegistryContract {
        @Override
        protected DataSource dataSource() {
            return schema.dataSource();
        }
    }
}
