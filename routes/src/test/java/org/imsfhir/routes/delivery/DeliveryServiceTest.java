package org.imsfhir.routes.delivery;

import org.imsfhir.routes.support.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.store.AuditEntry;
import org.imsfhir.routes.store.Channel;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.DeliveryTask;
import org.imsfhir.routes.store.MessageStore;
import org.imsfhir.routes.store.MutableClock;
import org.imsfhir.routes.store.NewRecord;
import org.imsfhir.routes.store.StoredDelivery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retry, backoff, Retry-After and dead-lettering, with a scripted sender and a hand-moved clock. */
class DeliveryServiceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T18:00:00Z"));
    private final Deque<SendResult> script = new ArrayDeque<>();
    private MessageStore store;
    private DeliveryService service;

    @BeforeEach
    void setUp() {
        DataSource ds = TestDatabases.h2("delivery");
        store = new MessageStore(ds, clock);
        ImsProperties.Retry retry = new ImsProperties.Retry(4, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(3),
                Duration.ofMinutes(10));
        ImsProperties.Delivery settings = new ImsProperties.Delivery(true, "node-1", Duration.ofMillis(100), 10, 1,
                Duration.ofMinutes(1), Map.of());
        DestinationSender scripted = task -> script.removeFirst();
        service = new DeliveryService(store, Map.of("ehr", scripted), Map.of("ehr", retry), settings, clock);
    }

    private long queue(String sessionId, String destination) {
        long intake = store.saveIntake(Channel.REST, null, "application/json", "{}");
        long message = store.addReceived(intake, List.of(new NewRecord(0, "https://x.example|" + sessionId,
                "application/json", "{}"))).get(0);
        return store.accept(message, null, "{\"resourceType\":\"Bundle\"}", List.of(destination)).get(0);
    }

    private List<DeliveryTask> attemptDue() {
        List<DeliveryTask> due = service.claim();
        due.forEach(service::attempt);
        return due;
    }

    @Test
    void retriesWithExponentialBackoffThenDelivers() {
        long id = queue("S-1", "ehr");
        script.add(SendResult.retry(503, null, "HTTP 503", null));
        script.add(SendResult.retry(null, null, "network error", null));
        script.add(SendResult.delivered(200, "{}"));

        assertThat(attemptDue()).hasSize(1);
        assertThat(store.delivery(id).orElseThrow().attempts()).isEqualTo(1);
        clock.advance(Duration.ofMillis(999));
        assertThat(attemptDue()).isEmpty(); // first wait: initial delay 1 s
        clock.advance(Duration.ofMillis(1));
        assertThat(attemptDue()).hasSize(1);
        clock.advance(Duration.ofMillis(1999));
        assertThat(attemptDue()).isEmpty(); // second wait: 2 s
        clock.advance(Duration.ofMillis(1));
        assertThat(attemptDue()).hasSize(1);

        StoredDelivery delivered = store.delivery(id).orElseThrow();
        assertThat(delivered.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(3);
    }

    @Test
    void aLongerRetryAfterIsHonoured() {
        long id = queue("S-2", "ehr");
        script.add(SendResult.retry(429, null, "HTTP 429", Duration.ofSeconds(30)));
        script.add(SendResult.delivered(200, "{}"));

        attemptDue();
        clock.advance(Duration.ofSeconds(29));
        assertThat(attemptDue()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(attemptDue()).hasSize(1);
        assertThat(store.delivery(id).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
    }

    @Test
    void runningOutOfAttemptsIsDead() {
        long id = queue("S-3", "ehr");
        for (int i = 0; i < 4; i++) {
            script.add(SendResult.retry(503, null, "HTTP 503", null));
        }
        for (int i = 0; i < 4; i++) {
            assertThat(attemptDue()).hasSize(1);
            clock.advance(Duration.ofSeconds(3)); // the backoff is capped at max-delay 3 s
        }
        StoredDelivery dead = store.delivery(id).orElseThrow();
        assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(dead.attempts()).isEqualTo(4);
        assertThat(dead.lastError()).contains("gave up after 4 attempts");
        assertThat(store.auditOf(dead.messageId())).extracting(AuditEntry::toStatus).last().isEqualTo("DEAD");
    }

    @Test
    void aRefusalIsDeadAtOnceWithTheReceiversReasons() {
        long id = queue("S-4", "ehr");
        script.add(SendResult.refused(400, "{\"resourceType\":\"OperationOutcome\"}", "HTTP 400: error Patient.gender: bad code"));

        attemptDue();

        StoredDelivery dead = store.delivery(id).orElseThrow();
        assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.lastError()).isEqualTo("HTTP 400: error Patient.gender: bad code");
        assertThat(dead.responseBody()).contains("OperationOutcome");
    }

    @Test
    void aDestinationNoLongerConfiguredIsDead() {
        long id = queue("S-5", "gone");

        attemptDue();

        assertThat(store.delivery(id).orElseThrow().status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(store.delivery(id).orElseThrow().lastError()).contains("not configured");
    }
}
