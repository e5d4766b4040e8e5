package org.imsfhir.routes.store;

import javax.sql.DataSource;
import org.imsfhir.routes.support.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The message stores on the embedded default, H2, with the service's migrations: one database for all three contracts. */
class H2MessageStoreTest {

    private static DataSource dataSource;

    @BeforeAll
    static void migrate() {
        dataSource = TestDatabases.h2("store-test");
    }

    @Nested
    class Intake extends IntakeStoreContract {
        @Override
        protected DataSource dataSource() {
            return dataSource;
        }
    }

    @Nested
    class Outbox extends OutboxStoreContract {
        @Override
        protected DataSource dataSource() {
            return dataSource;
        }
    }

    @Nested
    class Nodes extends NodeRegistryContract {
        @Override
        protected DataSource dataSource() {
            return dataSource;
        }
    }
}
