package org.imsfhir.routes.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Databases for store tests, migrated with the service's own Flyway scripts ({@code db/schema}):
 * a fresh in-memory H2, or a fresh schema on the real PostgreSQL at 127.0.0.1:5432 (database
 * {@code test}, user {@code postgres}, trust auth; CI starts it). A PostgreSQL that is down fails the
 * test, it never skips it.
 */
public final class TestDatabases {

    public static final String MIGRATIONS = "classpath:db/schema";
    public static final String POSTGRES_URL = System.getProperty("ims.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");

    private TestDatabases() {
    }

    /** A new, migrated in-memory H2 database named after {@code purpose}. */
    public static DataSource h2(String purpose) {
        DataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:" + purpose + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
        return dataSource;
    }

    /** A PostgreSQL schema of its own: migrated on creation, dropped by {@link #drop()}. */
    public record PostgresSchema(String name, DataSource dataSource, MigrateResult migrated) {

        public static PostgresSchema create(String prefix) {
            String name = prefix + "_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
            DataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(),
                    POSTGRES_URL + "?currentSchema=" + name, "postgres", "");
            MigrateResult migrated = Flyway.configure().dataSource(dataSource).schemas(name).createSchemas(true)
                    .locations(MIGRATIONS).load().migrate();
            return new PostgresSchema(name, dataSource, migrated);
        }

        public String productName() throws SQLException {
            try (Connection c = dataSource.getConnection()) {
                return c.getMetaData().getDatabaseProductName();
            }
        }

        public void drop() throws SQLException {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("drop schema " + name + " cascade");
            }
        }
    }
}
