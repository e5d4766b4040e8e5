package org.imsfhir.routes.store;

import org.imsfhir.routes.support.TestDatabases;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/** The message store on the embedded default, H2, with the service's migrations. */
class H2MessageStoreTest extends MessageStoreContract {

    private static DataSource dataSource;

    @BeforeAll
    static void migrate() {
        dataSource = TestDatabases.h2("store-test");
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
