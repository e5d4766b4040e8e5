package org.imsfhir.routes.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The message store on a real PostgreSQL at 127.0.0.1:5432 (database {@code test}, user
 * {@code postgres}, trust auth; CI starts it). Fails, never skips, when PostgreSQL is down. Each
 * run migrates its own schema and drops it afterwards, so parallel runs do not meet.
 */
class PostgresMessageStoreTest extends MessageStoreContract {

    static final String URL = System.getProperty("ims.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String SCHEMA = "ims_store_test_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
    private static DataSource dataSource;

    @BeforeAll
    static void migrate() throws Exception {
        dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), URL + "?currentSchema=" + SCHEMA, "postgres", "");
        Flyway.configure().dataSource(dataSource).schemas(SCHEMA).createSchemas(true)
                .locations("classpath:db/migration/postgresql").load().migrate();
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
    }

    @AfterAll
    static void dropSchema() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop schema " + SCHEMA + " cascade");
        }
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
