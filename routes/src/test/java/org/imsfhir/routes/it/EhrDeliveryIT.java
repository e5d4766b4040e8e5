package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.imsfhir.fixtures.FaultProxy;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.MessageStore;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Delivery to a real FHIR server (HAPI's JPA server, started once per test JVM) through a
 * fault-injecting proxy (see {@link ServiceIT}): counts in the server after 1,000 records and after the same 1,000 again,
 * a receiver down for 30 s, and a refusal replayed. Each test uses its own source system, so its
 * identifiers (and so its counts) are its own.
 */
class EhrDeliveryIT extends ServiceIT {

    @Autowired
    MessageStore store;

    /** Posts records as NDJSON batches; every record must be accepted. */
    private void post(List<ObjectNode> records, int batchSize) {
        for (int from = 0; from < records.size(); from += batchSize) {
            List<ObjectNode> batch = records.subList(from, Math.min(records.size(), from + batchSize));
            Http.Answer answer = http.post("/ims/sessions", "application/x-ndjson", TestRecords.ndjson(batch));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("accepted").asInt()).as(answer.body()).isEqualTo(batch.size());
        }
    }

    private void awaitDelivered(TestRecords records, long expected, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(store.countDeliveries(DeliveryStatus.DELIVERED, records.system() + "|")).isEqualTo(expected));
    }

    private static long procedures(TestRecords records) {
        return FHIR.count("Procedure", "identifier=" + records.system() + "/session|");
    }

    private static long patients(TestRecords records) {
        return FHIR.count("Patient", "identifier=" + records.system() + "/patient|");
    }

    @Test
    void aThousandRecordsGiveAThousandSessionsAndPostedAgainChangeNothing() {
        TestRecords records = new TestRecords("https://ehr-it-1000.example/pms");
        List<ObjectNode> sessions = records.sessions(0, 1000, 250);

        post(sessions, 100);
        awaitDelivered(records, 1000, Duration.ofMinutes(8));

        assertThat(procedures(records)).isEqualTo(1000);
        assertThat(patients(records)).isEqualTo(250);
        for (int i = 0; i < 1000; i += 97) { // a sample: each session exactly once
            assertThat(FHIR.count("Procedure", "identifier=" + records.system() + "/session|S-" + i)).isEqualTo(1);
        }

        post(sessions, 100);
        awaitDelivered(records, 2000, Duration.ofMinutes(8));

        assertThat(procedures(records)).isEqualTo(1000);
        assertThat(patients(records)).isEqualTo(250);
        assertThat(store.countDeliveries(DeliveryStatus.DEAD, records.system() + "|")).isZero();
    }

    @Test
    void aReceiverDownForThirtySecondsMidRunLosesAndDuplicatesNothing() {
        TestRecords records = new TestRecords("https://ehr-it-503.example/pms");
        List<ObjectNode> sessions = records.sessions(0, 200, 50);
        post(sessions.subList(0, 50), 50);
        await().atMost(Duration.ofMinutes(3)).until(() ->
                store.countDeliveries(DeliveryStatus.DELIVERED, records.system() + "|") >= 20);

        PROXY.unavailableFor(Duration.ofSeconds(30), Duration.ofSeconds(1));
        post(sessions.subList(50, 200), 50);
        awaitDelivered(records, 200, Duration.ofMinutes(5));

        assertThat(PROXY.count(FaultProxy.Mode.UNAVAILABLE)).isPositive();
        assertThat(store.countDeliveries(DeliveryStatus.DEAD, records.system() + "|")).isZero();
        assertThat(procedures(records)).isEqualTo(200);
        assertThat(patients(records)).isEqualTo(50);
    }

    @Test
    void aRefusalIsDeadWithTheReceiversReasonsAndReplayDeliversItOnce() {
        TestRecords records = new TestRecords("https://ehr-it-replay.example/pms");
        PROXY.badRequest("Receiver refuses: test rule R-17");
        Http.Answer accepted = http.post("/ims/sessions", "application/json", TestRecords.json(records.session(1, 1)));
        String id = accepted.json().get("records").get(0).get("id").asText();

        await().atMost(Duration.ofMinutes(1)).until(() ->
                store.countDeliveries(DeliveryStatus.DEAD, records.system() + "|") == 1);
        JsonNode delivery = http.get("/ims/sessions/" + id).json().get("deliveries").get(0);
        assertThat(delivery.get("status").asText()).isEqualTo("DEAD");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1); // 4xx: no retries
        assertThat(delivery.get("responseStatus").asInt()).isEqualTo(400);
        assertThat(delivery.get("lastError").asText()).contains("Receiver refuses: test rule R-17");
        assertThat(procedures(records)).isZero();

        PROXY.passThrough();
        String deliveryId = delivery.get("id").asText();
        Http.Answer replay = http.post("/ims/deliveries/" + deliveryId + "/replay", "application/json", "");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("outcome").asText()).isEqualTo("REPLAYED");
        awaitDelivered(records, 1, Duration.ofMinutes(1));

        Http.Answer again = http.post("/ims/deliveries/" + deliveryId + "/replay", "application/json", "");
        assertThat(again.json().get("outcome").asText()).isEqualTo("UNCHANGED");
        Http.Answer all = http.post("/ims/destinations/ehr/replay", "application/json", "");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().get("results").findValuesAsText("deliveryId")).doesNotContain(deliveryId);
        assertThat(procedures(records)).isEqualTo(1);
        assertThat(http.get("/ims/sessions/" + id).json().get("audit").toString())
                .contains("\"to\":\"DEAD\"").contains("\"detail\":\"replay\"").contains("\"to\":\"DELIVERED\"");
    }
}
