package org.imsfhir.routes.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.store.AuditEntry;
import org.imsfhir.routes.store.Channel;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.DeliveryTask;
import org.imsfhir.routes.store.NewRecord;
import org.imsfhir.routes.store.StoredDelivery;
import org.imsfhir.routes.support.TestDatabases;
import org.imsfhir.routes.support.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Retry, backoff, Retry-After and dead-lettering, with a scripted sender. Due times follow the
 * database's clock: each wait is read back from the row, and the test makes a delivery due again
 * by hand instead of waiting.
 */
class DeliveryServiceTest {

    private static final Duration LEASE = Duration.ofMinutes(1);
    private final Deque<SendResult> script = new ArrayDeque<>();
    private TestStores stores;
    private JdbcClient sql;
    private DeliveryService service;

    @BeforeEach
    void setUp() {
        stores = TestStores.on(TestDatabases.h2("delivery"), Clock.systemUTC());
        sql = JdbcClient.create(stores.dataSource());
        ImsProperties.Retry retry = new ImsProperties.Retry(4, Duration.ofSeconds(10), 2.0, Duration.ofSeconds(30),
                Duration.ofMinutes(10));
        DestinationSender scripted = task -> script.removeFirst();
        service = new DeliveryService(stores.outbox(), Map.of("ehr", scripted), Map.of("ehr", retry), settings(LEASE), "node-1");
    }

    private static ImsProperties.Delivery settings(Duration lease) {
        return new ImsProperties.Delivery(true, "node-1", Duration.ofMillis(100), 10, 1, lease, Map.of());
    }

    private long queue(String sessionId, String destination) {
        long intake = stores.intake().saveIntake(Channel.REST, null, "application/json", "{}");
        long message = stores.intake().addReceived(intake, List.of(new NewRecord(0, "https://x.example|" + sessionId,
                "application/json", "{}"))).get(0);
        return stores.intake().accept(message, null, "{\"resourceType\":\"Bundle\"}", List.of(destination)).get(0);
    }

    private List<DeliveryTask> attemptDue() {
        List<DeliveryTask> due = service.claim();
        due.forEach(service::attempt);
        return due;
    }

    /** How long until the delivery is due, by the database's clock. */
    private Duration untilDue(long id) {
        OffsetDateTime next = sql.sql("select next_attempt_at from ims_delivery where id = :id").param("id", id)
                .query(OffsetDateTime.class).single();
        OffsetDateTime now = sql.sql("select current_timestamp").query(OffsetDateTime.class).single();
        return Duration.between(now, next);
    }

    private void makeDue(long id) {
        sql.sql("update ims_delivery set next_attempt_at = current_timestamp where id = :id").param("id", id).update();
    }

    private static void assertAbout(Duration actual, Duration expected) {
        assertThat(actual).isBetween(expected.minusSeconds(3), expected);
    }

    @Test
    void retriesWithExponentialBackoffThenDelivers() {
        long id = queue("S-1", "ehr");
        script.add(SendResult.retry(503, null, "HTTP 503", null));
        script.add(SendResult.retry(null, null, "network error", null));
        script.add(SendResult.delivered(200, "{}"));

        assertThat(attemptDue()).hasSize(1);
        assertThat(stores.status().delivery(id).orElseThrow().attempts()).isEqualTo(1);
        assertAbout(untilDue(id), Duration.ofSeconds(10)); // first wait: initial delay
        assertThat(attemptDue()).isEmpty();
        makeDue(id);
        assertThat(attemptDue()).hasSize(1);
        assertAbout(untilDue(id), Duration.ofSeconds(20)); // second wait: doubled
        assertThat(attemptDue()).isEmpty();
        makeDue(id);
        assertThat(attemptDue()).hasSize(1);

        StoredDelivery delivered = stores.status().delivery(id).orElseThrow();
        assertThat(delivered.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(3);
    }

    @Test
    void aLongerRetryAfterIsHonoured() {
        long id = queue("S-2", "ehr");
        script.add(SendResult.retry(429, null, "HTTP 429", Duration.ofSeconds(90)));
        script.add(SendResult.delivered(200, "{}"));

        attemptDue();
        assertAbout(untilDue(id), Duration.ofSeconds(90));
        assertThat(attemptDue()).isEmpty();
        makeDue(id);
        assertThat(attemptDue()).hasSize(1);
        assertThat(stores.status().delivery(id).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
    }

    @Test
    void runningOutOfAttemptsIsDead() {
        long id = queue("S-3", "ehr");
        for (int i = 0; i < 4; i++) {
            script.add(SendResult.retry(503, null, "HTTP 503", null));
        }
        for (int i = 0; i < 4; i++) {
            assertThat(attemptDue()).hasSize(1);
            if (i == 2) {
                assertAbout(untilDue(id), Duration.ofSeconds(30)); // the backoff is capped at max-delay
            }
            makeDue(id);
        }
        StoredDelivery dead = stores.status().delivery(id).orElseThrow();
        assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(dead.attempts()).isEqualTo(4);
        assertThat(dead.lastError()).contains("gave up after 4 attempts");
        assertThat(stores.status().auditOf(dead.messageId())).extracting(AuditEntry::toStatus).last().isEqualTo("DEAD");
    }

    @Test
    void aRefusalIsDeadAtOnceWithTheReceiversReasons() {
        long id = queue("S-4", "ehr");
        script.add(SendResult.refused(400, "{\"resourceType\":\"OperationOutcome\"}", "HTTP 400: error Patient.gender: bad code"));

        attemptDue();

        StoredDelivery dead = stores.status().delivery(id).orElseThrow();
        assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.lastError()).isEqualTo("HTTP 400: error Patient.gender: bad code");
        assertThat(dead.responseBody()).contains("OperationOutcome");
    }

    @Test
    void aDestinationNoLongerConfiguredIsDead() {
        long id = queue("S-5", "gone");

        attemptDue();

        assertThat(stores.status().delivery(id).orElseThrow().status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(stores.status().delivery(id).orElseThrow().lastError()).contains("not configured");
    }

    @Test
    void anAttemptThatOutlivedItsLeaseRecordsNothingOnceAnotherNodeClaimedIt() {
        long id = queue("S-6", "ehr");
        DeliveryService otherNode = new DeliveryService(stores.outbox(), Map.of("ehr", task -> SendResult.delivered(201, "{}")),
                Map.of("ehr", new ImsProperties.Retry(4, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(3), Duration.ofMinutes(1))),
                settings(LEASE), "node-2");
        DeliveryTask slow = service.claim().get(0);
        // The lease runs out mid-attempt, and the other node claims and delivers the same row.
        sql.sql("update ims_delivery set lease_until = current_timestamp - interval '1' second where id = :id")
                .param("id", id).update();
        DeliveryTask taken = otherNode.claim().get(0);
        assertThat(taken.deliveryId()).isEqualTo(id);
        otherNode.attempt(taken);

        script.add(SendResult.refused(400, null, "HTTP 400 (late)"));
        service.attempt(slow);

        StoredDelivery delivery = stores.status().delivery(id).orElseThrow();
        assertThat(delivery.status()).as("the late refusal is not recorded").isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(delivery.responseStatus()).isEqualTo(201);
        assertThat(delivery.attempts()).isEqualTo(1);
    }

    @Test
    void aLeaseShorterThanADestinationsLongestAttemptStopsTheStart() {
        DestinationSender slow = new DestinationSender() {
            @Override
            public SendResult send(DeliveryTask task) {
                return SendResult.delivered(200, null);
            }

            @Override
            public Duration longestAttempt() {
                return Duration.ofSeconds(66); // connect 5 s + read 60 s + 1 s for the body
            }
        };
        Map<String, ImsProperties.Retry> retries = Map.of("ehr", new ImsProperties.Retry(4, Duration.ofSeconds(1), 2.0,
                Duration.ofSeconds(3), Duration.ofMinutes(1)));

        assertThatThrownBy(() -> new DeliveryService(stores.outbox(), Map.of("ehr", slow), retries, settings(Duration.ofSeconds(60)), "n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ims.delivery.lease (PT1M) is too short for destination 'ehr'")
                .hasMessageContaining("at least PT1M22.5S");
        // A quarter of the attempt as margin (at least 5 s): 66 s + 16.5 s.
        new DeliveryService(stores.outbox(), Map.of("ehr", slow), retries, settings(Duration.ofMillis(82_500)), "n");
    }
}
