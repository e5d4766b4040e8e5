package org.imsfhir.routes.retention;

import javax.sql.DataSource;
import org.imsfhir.routes.support.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

/** The retention purge on the embedded default, H2, with the service's migrations. */
class H2RetentionStoreTest extends RetentionStoreContract {

    private static DataSource dataSource;

    @BeforeAll
    static void migrate() {
        dataSource = TestDatabases.h2("retention-test");
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
