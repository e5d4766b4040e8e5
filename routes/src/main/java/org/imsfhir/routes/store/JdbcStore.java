package org.imsfhir.routes.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the service's stores (messages, claims, registry feeds) share: plain JDBC through
 * {@link JdbcClient} with bound parameters, programmatic transactions (the application's transaction
 * manager), the clock their record timestamps come from, and text cut to a column's limit. The same
 * SQL runs on H2 and PostgreSQL. Times that several nodes must agree on (due times, leases,
 * heartbeats) are the database's {@code current_timestamp} instead, never a node's clock.
 */
public abstract class JdbcStore {

    protected final JdbcClient jdbc;
    protected final TransactionTemplate tx;
    private final Clock clock;

    protected JdbcStore(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** A store on its own data source, outside any Spring-managed transaction (tests, tools). */
    protected JdbcStore(DataSource dataSource, Clock clock) {
        this(dataSource, new DataSourceTransactionManager(dataSource), clock);
    }

    /** Now, in UTC: every timestamp column is written in UTC whatever the JVM's zone. */
    protected OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** {@code text} cut to {@code max} characters (a column's limit); null stays null. */
    protected static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
