package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.imsfhir.routes.health.DestinationReachability;
import org.imsfhir.routes.health.ProbeTarget;
import org.imsfhir.routes.metrics.ClinicTags;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.StatusQueries;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.PrometheusScrape;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthEndpointGroups;

/**
 * Metrics and health as operators see them (docs/operations.md): the Prometheus scrape after records
 * went through (counts per channel, clinic and verdict; timers; outbox gauges; delivery attempts and
 * latency; Camel's route meters), refused without credentials and free of patient data; and the
 * health groups: readiness made of database, migrations and warmed validator, destinations outside it.
 */
class OperationsIT extends ServiceIT {

    /** Registered for a client in ServiceIT, so always its own {@code clinic} tag value. */
    static final String CLINIC = "https://operations-it.example/pms";
    /** The 200-record run's clinic, also registered, so its counts are its own. */
    static final String BATCH_CLINIC = "https://operations-it-batch.example/pms";

    private static final String FAMILY = "Zqxopsfamilysentinel";
    private static final String GIVEN = "Zqxopsgivensentinel";
    private static final String BIRTH_DATE = "1932-03-04";
    private static final String HEALTH_NUMBER = "9876500011";
    private static final String PATIENT_ID = "PID-ZQX-OPS";
    private static final List<String> SENTINELS = List.of(FAMILY, GIVEN, BIRTH_DATE, HEALTH_NUMBER, PATIENT_ID);

    @Autowired
    StatusQueries store;
    @Autowired
    HealthContributorRegistry healthContributors;
    @Autowired
    HealthEndpointGroups healthGroups;

    private final TestRecords records = new TestRecords(CLINIC);

    @Test
    void thePrometheusScrapeCountsRecordsAndDeliveriesWithBoundedTagsAndNoPatientData() throws Exception {
        Http anonymous = new Http("http://localhost:" + port);
        Http.Answer refused = anonymous.get("/actuator/prometheus");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("\"resourceType\":\"OperationOutcome\"");

        // One VALID record, one REJECTED by the record checks (an impossible birth date), both of the
        // registered clinic; one REJECTED whose source.system is not a URI but a patient's name.
        Http.Answer accepted = post(sentinel(1));
        assertThat(accepted.status()).isEqualTo(200);
        String sessionId = accepted.json().at("/records/0/id").asText();
        assertThat(sessionId).isNotEmpty();
        assertThat(http.get("/ims/sessions/" + sessionId).status()).isEqualTo(200);
        ObjectNode badDate = sentinel(2);
        ((ObjectNode) badDate.get("patient")).put("birthDate", "1932-02-31");
        assertThat(post(badDate).status()).isEqualTo(422);
        ObjectNode nameAsSystem = sentinel(3);
        ((ObjectNode) nameAsSystem.get("source")).put("system", FAMILY + " " + GIVEN);
        assertThat(post(nameAsSystem).status()).isEqualTo(422);
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                assertThat(store.countDeliveries(DeliveryStatus.DELIVERED, CLINIC)).isEqualTo(1));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            PrometheusScrape scrape = scrape();
            // Records: received = VALID + REJECTED for the clinic, over REST.
            Map<String, String> clinic = Map.of("channel", "rest", "clinic", CLINIC, "application", "ims-fhir-adapter");
            assertThat(scrape.sum("ims_records_received_total", clinic)).isEqualTo(2.0);
            assertThat(scrape.sum("ims_records_judged_total", with(clinic, "status", "VALID"))).isEqualTo(1.0);
            assertThat(scrape.sum("ims_records_judged_total", with(clinic, "status", "REJECTED"))).isEqualTo(1.0);
            assertThat(scrape.sum("ims_records_judged_total", Map.of("clinic", ClinicTags.OTHER, "status", "REJECTED")))
                    .as("a system the checks refused is counted as other").isGreaterThanOrEqualTo(1.0);

            // Judging time histograms.
            assertThat(scrape.sum("ims_mapping_time_seconds_count", Map.of())).isGreaterThanOrEqualTo(1.0);
            assertThat(scrape.sum("ims_validation_time_seconds_count", Map.of())).isGreaterThanOrEqualTo(1.0);
            assertThat(scrape.find("ims_validation_time_seconds_bucket", Map.of())).hasSizeGreaterThan(5);
            // The valid record's Bundle was answered by the compiled validator alone; the background
            // comparison with the HL7 validator has its meters (1 % of passes: usually none here).
            assertThat(scrape.sum("ims_validation_answers_total", Map.of("by", "compiled"))).isGreaterThanOrEqualTo(1.0);
            assertThat(scrape.find("ims_validation_answers_total", Map.of("by", "hl7-unsupported"))).hasSize(1);
            assertThat(scrape.sum("ims_validation_reference_disagreements_total", Map.of())).isZero();

            // Delivery: attempts, latency from intake to DELIVERED, outbox gauges per destination and status.
            Map<String, String> ehr = Map.of("destination", "ehr");
            assertThat(scrape.sum("ims_delivery_attempts_total", with(ehr, "outcome", "delivered"))).isGreaterThanOrEqualTo(1.0);
            assertThat(scrape.sum("ims_delivery_latency_seconds_count", ehr)).isGreaterThanOrEqualTo(1.0);
            assertThat(scrape.find("ims_delivery_latency_seconds_bucket", ehr)).hasSizeGreaterThan(5);
            assertThat(scrape.sum("ims_outbox_deliveries", with(ehr, "status", "DELIVERED")))
                    .isEqualTo((double) store.countDeliveries(DeliveryStatus.DELIVERED));
            assertThat(scrape.sum("ims_outbox_deliveries", with(ehr, "status", "PENDING")))
                    .isEqualTo((double) store.countDeliveries(DeliveryStatus.PENDING));
            assertThat(scrape.find("ims_outbox_deliveries", with(ehr, "status", "DEAD"))).hasSize(1);
            assertThat(scrape.find("ims_outbox_oldest_pending_age_seconds", ehr)).hasSize(1);

            // Camel's route meters, and the meters that were there before.
            assertThat(scrape.sum("camel_exchanges_total", Map.of("routeId", "intake-rest"))).isGreaterThanOrEqualTo(3.0);
            assertThat(scrape.sum("camel_exchanges_total", Map.of("routeId", "outbox-deliver"))).isGreaterThanOrEqualTo(1.0);
            assertThat(scrape.find("camel_exchanges_failed_total", Map.of("routeId", "outbox-deliver"))).isNotEmpty();
            assertThat(scrape.find("camel_route_policy_seconds_count", Map.of("routeId", "intake-rest"))).isNotEmpty();
            assertThat(scrape.find("ims_poison_records_total", Map.of())).isNotEmpty();
            assertThat(scrape.find("ims_intake_buffered_bytes", Map.of())).isNotEmpty();

            // No patient data in any tag value, nor anywhere in the scrape; no session id either (URI templates only).
            assertThat(scrape.find("http_server_requests_seconds_count", Map.of("uri", "/ims/sessions/{id}"))).isNotEmpty();
            assertThat(scrape.labelValues()).noneMatch(v -> v.contains(sessionId));
            for (String value : scrape.labelValues()) {
                for (String sentinel : SENTINELS) {
                    assertThat(value).as("a tag value carries a patient sentinel").doesNotContain(sentinel);
                }
            }
        });
        String text = http.get("/actuator/prometheus").body();
        // Kept for reading (docs/operations.md lists these names): target/operations-it-scrape.txt
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "operations-it-scrape.txt"), text);
        for (String sentinel : SENTINELS) {
            assertThat(text).doesNotContain(sentinel);
        }
    }

    /**
     * 200 records of one clinic, every tenth with an impossible birth date: once the outbox is empty
     * the scrape says received 200 = VALID 180 + REJECTED 20, 180 delivered, nothing PENDING.
     */
    @Test
    void afterARunOf200RecordsTheScrapeAddsUp() throws Exception {
        TestRecords batch = new TestRecords(BATCH_CLINIC);
        List<ObjectNode> records = batch.sessions(0, 200, 50);
        for (int i = 0; i < records.size(); i += 10) {
            ((ObjectNode) records.get(i).get("patient")).put("birthDate", "1950-02-30");
        }
        Http.Answer answer = http.post("/ims/sessions", "application/x-ndjson", TestRecords.ndjson(records));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("accepted").asInt()).isEqualTo(180);
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
            assertThat(store.countDeliveries(DeliveryStatus.DELIVERED, BATCH_CLINIC + "|")).isEqualTo(180);
            assertThat(store.countDeliveries(DeliveryStatus.PENDING)).isZero();
        });

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            PrometheusScrape scrape = scrape();
            Map<String, String> clinic = Map.of("clinic", BATCH_CLINIC);
            double received = scrape.sum("ims_records_received_total", clinic);
            double valid = scrape.sum("ims_records_judged_total", with(clinic, "status", "VALID"));
            double rejected = scrape.sum("ims_records_judged_total", with(clinic, "status", "REJECTED"));
            assertThat(received).isEqualTo(200.0);
            assertThat(valid).isEqualTo(180.0);
            assertThat(rejected).isEqualTo(20.0);
            assertThat(valid + rejected).isEqualTo(received);
            Map<String, String> ehr = Map.of("destination", "ehr");
            assertThat(scrape.sum("ims_outbox_deliveries", with(ehr, "status", "PENDING"))).isZero();
            assertThat(scrape.sum("ims_outbox_oldest_pending_age_seconds", ehr)).isZero();
            assertThat(scrape.sum("ims_outbox_deliveries", with(ehr, "status", "DELIVERED")))
                    .isEqualTo((double) store.countDeliveries(DeliveryStatus.DELIVERED));
            assertThat(scrape.sum("ims_delivery_attempts_total", with(ehr, "outcome", "delivered"))).isGreaterThanOrEqualTo(180.0);
            assertThat(scrape.sum("ims_delivery_latency_seconds_count", ehr)).isGreaterThanOrEqualTo(180.0);
        });
    }

    @Test
    void readinessIsDatabaseMigrationsAndTheValidatorButNotTheDestinations() throws Exception {
        JsonNode readiness = http.get("/actuator/health/readiness").json();
        assertThat(readiness.get("status").asText()).isEqualTo("UP");
        assertThat(names(readiness.get("components"))).containsExactlyInAnyOrder("readinessState", "db", "migrations", "validator");
        // warming runs after start-up, in the background; the component reports when it is done
        await().atMost(Duration.ofMinutes(1)).until(() -> "done".equals(
                http.get("/actuator/health/readiness").json().at("/components/validator/details/warmUp").asText()));
        assertThat(names(http.get("/actuator/health/liveness").json().get("components"))).containsExactly("livenessState");
        assertThat(healthGroups.get("readiness").isMember("destinations")).isFalse();
        assertThat(healthGroups.getPrimary().isMember("destinations")).isTrue();

        // The destinations component, with details, for an admin caller.
        JsonNode health = http.get("/actuator/health").json();
        assertThat(health.at("/components/destinations/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/destinations/details/ehr/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/destinations/details/ehr/target").asText()).endsWith(":" + PROXY.port());

        // An unreachable receiver makes the overall health DOWN, never readiness or liveness.
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String name = "unreachableReceiverTest";
        healthContributors.registerContributor(name, new DestinationReachability(
                Map.of("gone", new ProbeTarget.Endpoint("127.0.0.1", closedPort)), Duration.ofSeconds(1), Duration.ZERO,
                Clock.systemUTC()));
        try {
            Http.Answer overall = http.get("/actuator/health");
            assertThat(overall.status()).isEqualTo(503);
            assertThat(overall.json().at("/components/" + name + "/details/gone/status").asText()).isEqualTo("DOWN");
            Http anonymous = new Http("http://localhost:" + port);
            for (String probe : List.of("/actuator/health/readiness", "/actuator/health/liveness")) {
                Http.Answer answer = anonymous.get(probe);
                assertThat(answer.status()).as(probe).isEqualTo(200);
                assertThat(answer.json().get("status").asText()).isEqualTo("UP");
                assertThat(answer.json().has("components")).as("no details without credentials").isFalse();
            }
        } finally {
            healthContributors.unregisterContributor(name);
        }
    }

    private PrometheusScrape scrape() {
        Http.Answer answer = http.get("/actuator/prometheus");
        assertThat(answer.status()).isEqualTo(200);
        return PrometheusScrape.parse(answer.body());
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(labels);
        all.put(key, value);
        return all;
    }

    private static Set<String> names(JsonNode components) {
        Set<String> names = new TreeSet<>();
        if (components != null) {
            components.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private ObjectNode sentinel(int session) {
        ObjectNode record = records.session(session, session);
        ObjectNode patient = (ObjectNode) record.get("patient");
        patient.put("id", PATIENT_ID + "-" + session);
        patient.put("family", FAMILY);
        patient.putArray("given").add(GIVEN);
        patient.put("birthDate", BIRTH_DATE);
        ((ObjectNode) patient.get("healthNumber")).put("value", HEALTH_NUMBER);
        return record;
    }

    private Http.Answer post(ObjectNode record) {
        return http.post("/ims/sessions", "application/json", TestRecords.json(record));
    }
}
