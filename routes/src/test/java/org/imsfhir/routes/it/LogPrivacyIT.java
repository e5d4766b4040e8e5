package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.MessageStore;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.imsfhir.routes.support.Http;

/**
 * No patient data in any log line: records carrying sentinel values in every patient field go
 * through every path (accepted and delivered, rejected by the checks, broken JSON, an inbox file,
 * refused by the receiver with the sentinel in its reasons) with the adapter's logging at DEBUG
 * (Camel's at INFO); then the captured console output is searched for the sentinels.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogPrivacyIT extends ServiceIT {

    private static final String FAMILY = "Zzsentinelfamily";
    private static final String GIVEN = "Zzsentinelgiven";
    private static final String PATIENT_ID = "ZZSENTINELPID";
    private static final String HEALTH_NUMBER = "9876543210";
    private static final String POSTAL = "V0Z 9Q9";
    private static final String BIRTH = "1961-07-19";
    private static final List<String> SENTINELS = List.of(FAMILY, GIVEN, PATIENT_ID, HEALTH_NUMBER, POSTAL, BIRTH);

    @Autowired
    MessageStore store;
    @Autowired
    CamelContext camel;
    @Autowired
    LoggingSystem logging;

    /**
     * DEBUG for the adapter while this test runs (set at run time: the context stays shared).
     * Camel stays at its configured INFO: at DEBUG its file component names the files it reads.
     */
    @BeforeEach
    void debugLogging() {
        logging.setLogLevel("org.imsfhir", LogLevel.DEBUG);
    }

    @AfterEach
    void normalLogging() {
        logging.setLogLevel("org.imsfhir", null);
    }

    private final TestRecords records = new TestRecords("https://log-privacy-it.example/pms");

    private ObjectNode sentinelRecord(int session) {
        ObjectNode node = records.session(session, 1);
        ObjectNode patient = (ObjectNode) node.get("patient");
        patient.put("id", PATIENT_ID);
        patient.put("family", FAMILY);
        ((ArrayNode) patient.putArray("given")).add(GIVEN);
        patient.put("birthDate", BIRTH);
        patient.put("postalCode", POSTAL);
        ((ObjectNode) patient.get("healthNumber")).put("value", HEALTH_NUMBER);
        return node;
    }

    @Test
    void noSentinelReachesTheLogs(CapturedOutput output) throws Exception {
        // Accepted and delivered to the FHIR server.
        Http.Answer accepted = http.post("/ims/sessions", "application/json", TestRecords.json(sentinelRecord(1)));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(2)).until(() ->
                store.countDeliveries(DeliveryStatus.DELIVERED, records.system() + "|") == 1);

        // Accepted, then refused by a receiver that quotes patient data in its reasons (as some do).
        PROXY.badRequest("Patient " + FAMILY + " " + GIVEN + " born " + BIRTH + " is unknown");
        assertThat(http.post("/ims/sessions", "application/json", TestRecords.json(sentinelRecord(4))).status()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(2)).until(() ->
                store.countDeliveries(DeliveryStatus.DEAD, records.system() + "|") == 1);
        PROXY.passThrough();

        // Rejected by the checks, with patient values in wrong places and wrong shapes.
        ObjectNode wrong = sentinelRecord(2);
        ((ObjectNode) wrong.get("patient")).put("sex", FAMILY);
        ((ObjectNode) wrong.get("patient")).put("birthDate", "19610719" + PATIENT_ID);
        wrong.put(FAMILY, GIVEN);
        assertThat(http.post("/ims/sessions", "application/json", TestRecords.json(wrong)).status()).isEqualTo(422);

        // Broken JSON around patient data.
        assertThat(http.post("/ims/sessions", "application/json",
                "{\"patient\": {\"family\": \"" + FAMILY + "\", \"id\": " + PATIENT_ID + "}").status()).isEqualTo(400);

        // An inbox file named after the patient, with one good and one bad record.
        NotifyBuilder fileDone = new NotifyBuilder(camel).fromRoute("intake-inbox").whenDone(1).create();
        Files.createDirectories(WORK.resolve("inbox"));
        Files.writeString(WORK.resolve("inbox").resolve(FAMILY + ".ndjson"),
                TestRecords.json(sentinelRecord(3)) + "\n" + TestRecords.json(wrong) + "\n", StandardCharsets.UTF_8);
        assertThat(fileDone.matches(60, TimeUnit.SECONDS)).isTrue();

        // The sentinels did reach the store and the reports (so the test could catch a leak) ...
        assertThat(Files.readString(WORK.resolve("inbox/done/" + FAMILY + ".ndjson.errors.json"))).isNotBlank();
        assertThat(store.deliveries("ehr", DeliveryStatus.DEAD, 1000)).anyMatch(d -> d.lastError().contains(FAMILY));
        // ... but not the logs.
        String logs = output.getAll();
        assertThat(logs).contains(records.system() + "|S-1"); // logs name records by session key
        for (String sentinel : SENTINELS) {
            assertThat(logs).as("log output must not contain " + sentinel).doesNotContain(sentinel);
        }
    }
}
