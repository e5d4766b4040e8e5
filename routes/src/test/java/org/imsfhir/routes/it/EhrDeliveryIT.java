package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.imsfhir.fixtures.FaultProxy;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.StatusQueries;
import org.imsfhir.routes.support.Batches;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * EHR delivery into the real FHIR server (HAPI JPA, see {@link ServiceIT}): many records, sent
 * twice, make each resource once; an outage of the receiver, or answers lost after it committed,
 * delay deliveries, they lose or duplicate none. Counts are read back from the server by identifier, one sending system per test.
 */
class EhrDeliveryIT extends ServiceIT {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(20);

    @Autowired
    StatusQueries store;

    @Test
    void aThousandRecordsSentTwiceMakeEachSessionOnceAndEachPatientOnce() throws Exception {
        TestRecords records = new TestRecords("https://ehr-delivery-it.example/thousand");
        List<ObjectNode> sessions = records.sessions(0, 1000, 250);

        assertThat(Batches.post(http, sessions, 50, 2)).isEqualTo(1000);
        awaitDelivered(records, 1000);
        assertReceived(records, 1000, 250);

        assertThat(Batches.post(http, sessions, 50, 2)).isEqualTo(1000);
        awaitDelivered(records, 2000);
        assertReceived(records, 1000, 250);
        assertThat(store.countDeliveries(DeliveryStatus.DEAD, records.system())).isZero();
    }

    @Test
    void aThirtySecondOutageOfTheReceiverLosesAndDuplicatesNothing() throws Exception {
        TestRecords records = new TestRecords("https://ehr-delivery-it.example/outage");
        List<ObjectNode> sessions = records.sessions(0, 300, 100);

        // First part delivered normally, then the receiver answers 503 for 30 s while the rest comes in.
        assertThat(Batches.post(http, sessions.subList(0, 100), 50, 2)).isEqualTo(100);
        awaitDelivered(records, 100);
        PROXY.unavailableFor(Duration.ofSeconds(30), Duration.ofSeconds(2));
        assertThat(Batches.post(http, sessions.subList(100, 300), 50, 2)).isEqualTo(200);

        awaitDelivered(records, 300);
        assertThat(PROXY.count(FaultProxy.Mode.UNAVAILABLE)).as("deliveries refused during the outage").isPositive();
        assertThat(store.countDeliveries(DeliveryStatus.DEAD, records.system())).isZero();
        assertReceived(records, 300, 100);
    }

    @Test
    void answersLostAfterTheReceiverCommittedAreRetriedWithoutDuplicates() throws Exception {
        TestRecords records = new TestRecords("https://ehr-delivery-it.example/lost-answers");
        List<ObjectNode> sessions = records.sessions(0, 100, 40);

        // The FHIR server commits each transaction, but the adapter never hears: it must send again.
        PROXY.loseAnswersFor(Duration.ofSeconds(20));
        assertThat(Batches.post(http, sessions, 50, 2)).isEqualTo(100);

        awaitDelivered(records, 100);
        assertThat(PROXY.count(FaultProxy.Mode.ANSWER_LOST)).as("transactions committed but never answered").isPositive();
        assertReceived(records, 100, 40);
    }

    @Test
    void aRefusalIsDeadAtOnceWithTheReceiversReasonsAndReplayDeliversOnce() {
        TestRecords records = new TestRecords("https://ehr-delivery-it.example/refusal");
        PROXY.badRequest("Encounter.serviceProvider: organization not registered at this hospital");

        String id = http.post("/ims/sessions", "application/json", TestRecords.json(records.session(1, 1)))
                .json().get("records").get(0).get("id").asText();
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                assertThat(store.countDeliveries(DeliveryStatus.DEAD, records.system())).isEqualTo(1));
        JsonNode dead = http.get("/ims/sessions/" + id).json().get("deliveries").get(0);
        assertThat(dead.get("attempts").asInt()).as("a 4xx refusal is not retried").isEqualTo(1);
        assertThat(dead.get("responseStatus").asInt()).isEqualTo(400);
        assertThat(dead.get("lastError").asText()).contains("organization not registered at this hospital");
        assertThat(PROXY.count(FaultProxy.Mode.BAD_REQUEST)).isPositive();

        PROXY.passThrough();
        String replay = "/ims/deliveries/" + dead.get("id").asText() + "/replay";
        assertThat(http.post(replay, "application/json", "").status()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                assertThat(store.countDeliveries(DeliveryStatus.DELIVERED, records.system())).isEqualTo(1));
        http.post(replay, "application/json", "");
        assertThat(store.countDeliveries(DeliveryStatus.PENDING, records.system())).as("replaying a delivered one is a no-op").isZero();
        assertReceived(records, 1, 1);
    }

    private void awaitDelivered(TestRecords records, long expected) {
        await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(store.countDeliveries(DeliveryStatus.DEAD, records.system())).as("DEAD deliveries").isZero();
            assertThat(store.countDeliveries(DeliveryStatus.DELIVERED, records.system())).isEqualTo(expected);
        });
    }

    /** Exactly one Procedure and one Encounter per session, exactly one Patient per distinct patient. */
    private static void assertReceived(TestRecords records, int sessions, int patients) {
        List<String> procedures = Received.identifierValues(FHIR, "Procedure", records.system() + "/session");
        assertThat(procedures).hasSize(sessions);
        assertThat(new HashSet<>(procedures)).hasSize(sessions);
        List<String> encounters = Received.identifierValues(FHIR, "Encounter", records.system() + "/session");
        assertThat(encounters).hasSize(sessions);
        assertThat(new HashSet<>(encounters)).hasSize(sessions);
        List<String> patientIds = Received.identifierValues(FHIR, "Patient", records.system() + "/patient");
        assertThat(patientIds).hasSize(patients);
        assertThat(new HashSet<>(patientIds)).hasSize(patients);
    }
}
