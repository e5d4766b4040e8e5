package org.imsfhir.routes.poison;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.store.Channel;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.DeliveryTask;
import org.imsfhir.routes.store.NewRecord;
import org.imsfhir.routes.store.StoredDelivery;
import org.imsfhir.routes.support.TestDatabases;
import org.imsfhir.routes.support.TestStores;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;

/**
 * A delivery whose attempt breaks off with an internal error is rescheduled with the reason (DEAD
 * once the attempts run out) and counted, and the poll goes on; one that met an unreachable store
 * is left to its lease.
 */
class OutboxGuardTest {

    private final TestStores stores = TestStores.on(TestDatabases.h2("outbox-guard"), Clock.systemUTC());
    private final PoisonRecords poison = new PoisonRecords();
    private final ImsProperties.Retry retry = new ImsProperties.Retry(2, Duration.ofMillis(1), 1.0, Duration.ofMillis(1),
            Duration.ofMinutes(1));

    @Test
    void anAttemptThatBreaksOffIsRetriedWithTheReasonThenDead() {
        long deliveryId = pendingDelivery("S-1");
        OutboxGuard guard = new OutboxGuard(task -> {
            throw new IllegalArgumentException("would quote the patient");
        }, stores.outbox(), Map.of("ehr", retry), poison);

        guard.attempt(claim());
        StoredDelivery once = stores.status().delivery(deliveryId).orElseThrow();
        assertThat(once.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(once.attempts()).isEqualTo(1);
        assertThat(once.lastError()).isEqualTo("internal error during the attempt (IllegalArgumentException)");

        await();
        guard.attempt(claim());
        StoredDelivery dead = stores.status().delivery(deliveryId).orElseThrow();
        assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(dead.lastError()).contains("gave up after 2 attempts").doesNotContain("patient");
        assertThat(poison.count(PoisonStage.DELIVERY)).isEqualTo(2);
    }

    @Test
    void anAttemptThatMetAnUnreachableStoreIsLeftToItsLease() {
        long deliveryId = pendingDelivery("S-2");
        OutboxGuard guard = new OutboxGuard(task -> {
            throw new QueryTimeoutException("database busy");
        }, stores.outbox(), Map.of("ehr", retry), poison);

        guard.attempt(claim());

        assertThat(stores.status().delivery(deliveryId).orElseThrow().attempts()).isZero();
        assertThat(poison.count(PoisonStage.DELIVERY)).isZero();
    }

    private long pendingDelivery(String sessionId) {
        long intake = stores.intake().saveIntake(Channel.REST, null, "application/json", "{}");
        long message = stores.intake().addReceived(intake, List.of(new NewRecord(0, "https://guard.example|" + sessionId,
                "application/json", "{}"))).get(0);
        return stores.intake().accept(message, null, "{\"resourceType\":\"Bundle\"}", List.of("ehr")).get(0);
    }

    private DeliveryTask claim() {
        List<DeliveryTask> due = stores.outbox().claimDue(10, "node", Duration.ofMinutes(5));
        assertThat(due).hasSize(1);
        return due.get(0);
    }

    private static void await() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
