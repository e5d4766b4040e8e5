package org.imsfhir.routes.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.imsfhir.routes.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Feed locks in the database as two nodes see them (two lock providers on one database), on H2 and
 * on the real PostgreSQL: one holder at a time, a waiter gets the lock once it is free, and a
 * scheduled run's lock stays taken for its hold time.
 */
class DatabaseFeedLocksTest {

    private TestDatabases.PostgresSchema postgres;

    @AfterEach
    void drop() throws Exception {
        if (postgres != null) {
            postgres.drop();
        }
    }

    private DataSource database(String kind) {
        if (kind.equals("h2")) {
            return TestDatabases.h2("feed-locks");
        }
        postgres = TestDatabases.PostgresSchema.create("feed_locks");
        return postgres.dataSource();
    }

    private static DatabaseFeedLocks node(DataSource db) {
        return new DatabaseFeedLocks(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(db)).usingDbTime().build()), Duration.ofMinutes(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void whileOneNodeRunsAFeedTheOtherWaitsOrSkipsThenGetsIt(String kind) throws Exception {
        DataSource db = database(kind);
        DatabaseFeedLocks a = node(db);
        DatabaseFeedLocks b = node(db);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<String>> first = pool.submit(() -> a.withLock("registry-x", Duration.ZERO, Duration.ZERO, () -> {
                running.countDown();
                await(finish);
                return "a";
            }));
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(b.withLock("registry-x", Duration.ZERO, Duration.ZERO, () -> "b")).as("skipped while taken").isEmpty();
            assertThat(b.withLock("registry-y", Duration.ZERO, Duration.ZERO, () -> "y")).as("another feed").contains("y");

            finish.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).contains("a");
            assertThat(b.withLock("registry-x", Duration.ofSeconds(5), Duration.ZERO, () -> "b")).contains("b");
        } finally {
            finish.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aScheduledRunHoldsItsLockForTheHoldTimeSoTheOtherNodeSkipsThatPeriod() throws Exception {
        DataSource db = database("postgres");
        DatabaseFeedLocks a = node(db);
        DatabaseFeedLocks b = node(db);

        assertThat(a.withLock("registry-x-schedule", Duration.ZERO, Duration.ofSeconds(2), () -> "a")).contains("a");
        assertThat(b.withLock("registry-x-schedule", Duration.ZERO, Duration.ZERO, () -> "b")).as("same period").isEmpty();
        Thread.sleep(2_200);
        assertThat(b.withLock("registry-x-schedule", Duration.ZERO, Duration.ZERO, () -> "b")).as("next period").contains("b");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
