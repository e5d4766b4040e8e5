package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.StatusQueries;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * No patient data in any log line: records carrying sentinel values in every identifying field
 * (names, birth date, health number, clinic patient id, postal code) go through every path that
 * logs - accepted and delivered, refused by the record checks (with a sentinel as the offending
 * value), unreadable JSON, the inbox folder, a receiver outage with retries and a receiver that
 * rejects the bundle quoting the patient's name back - with the adapter's own loggers at DEBUG.
 * The captured console output must contain none of the sentinels.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogPrivacyIT extends ServiceIT {

    private static final String FAMILY = "Zqxfamilysentinel";
    private static final String GIVEN = "Zqxgivensentinel";
    private static final String BIRTH_DATE = "1931-02-03";
    private static final String HEALTH_NUMBER = "9876512345";
    private static final String PATIENT_ID = "PID-ZQX-SENTINEL";
    private static final String POSTAL_CODE = "V9Z 8Y7";
    private static final List<String> SENTINELS = List.of(FAMILY, GIVEN, BIRTH_DATE, HEALTH_NUMBER, PATIENT_ID, POSTAL_CODE);

    @Autowired
    StatusQueries store;
    @Autowired
    LoggingSystem logging;

    private final TestRecords records = new TestRecords("https://log-privacy-it.example/pms");

    @AfterEach
    void quietAgain() {
        logging.setLogLevel("org.imsfhir", null);
        PROXY.passThrough();
    }

    @Test
    void noSentinelReachesTheLogsOnAnyPath(CapturedOutput output) throws Exception {
        logging.setLogLevel("org.imsfhir", LogLevel.DEBUG);

        // Accepted, then delivered through an outage (retries are logged).
        PROXY.unavailableFor(Duration.ofSeconds(3), Duration.ofSeconds(1));
        assertThat(post(sentinel(1)).status()).isEqualTo(200);
        awaitDelivered(DeliveryStatus.DELIVERED, 1);

        // Refused by the receiver, which quotes the patient back in its OperationOutcome: DEAD, reasons stored.
        PROXY.badRequest("Patient " + FAMILY + ", " + GIVEN + " born " + BIRTH_DATE + " (" + HEALTH_NUMBER + ") refused");
        assertThat(post(sentinel(2)).status()).isEqualTo(200);
        awaitDelivered(DeliveryStatus.DEAD, 1);
        PROXY.passThrough();

        // Refused by the record checks, with sentinels as the offending values.
        ObjectNode badDate = sentinel(3);
        ((ObjectNode) badDate.get("patient")).put("birthDate", "1931-02-31");
        ObjectNode badSex = sentinel(4);
        ((ObjectNode) badSex.get("patient")).put("sex", FAMILY);
        ObjectNode unknownField = sentinel(5);
        unknownField.put(FAMILY, GIVEN);
        Http.Answer refused = http.post("/ims/sessions", "application/x-ndjson", TestRecords.ndjson(List.of(badDate, badSex, unknownField)));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).as("the sender is told what is wrong").contains("patient.birthDate", "patient.sex");

        // Unreadable JSON quoting the sentinels.
        assertThat(http.post("/ims/sessions", "application/json", "{\"patient\": {\"family\": \"" + FAMILY + "\", ").status())
                .isEqualTo(400);

        // The inbox folder: one good, one bad record.
        Path inbox = WORK.resolve("inbox");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("log-privacy.ndjson"), TestRecords.ndjson(List.of(sentinel(6), badDate)), StandardCharsets.UTF_8);
        await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(inbox.resolve("done/log-privacy.ndjson.errors.json")));
        awaitDelivered(DeliveryStatus.DELIVERED, 2);

        String logs = output.getAll();
        assertThat(logs).as("the adapter's debug lines about these records were captured")
                .contains(records.system() + "|S-1", records.system() + "|S-2", "rejected");
        for (String sentinel : SENTINELS) {
            assertThat(logs).as("log output contains a patient sentinel").doesNotContain(sentinel);
        }
    }

    /**
     * No credential in any log line: a sentinel bearer token, a sentinel Basic password and the real
     * operator password go through authentication with Spring Security and the adapter at DEBUG.
     */
    @Test
    void noCredentialReachesTheLogs(CapturedOutput output) throws Exception {
        logging.setLogLevel("org.imsfhir", LogLevel.DEBUG);
        logging.setLogLevel("org.springframework.security", LogLevel.DEBUG);
        try {
            String tokenSentinel = "eyJhbGciOiJSUzI1NiJ9.ZQXTOKENSENTINEL.c2lnbmF0dXJl";
            String passwordSentinel = "ZqxPasswordSentinel";
            String operatorPassword = Files.readString(org.imsfhir.routes.support.Operator.CREDENTIAL_FILE).trim();
            String base = "http://localhost:" + port;
            assertThat(Http.bearer(base, tokenSentinel).get("/ims/deliveries/summary").status()).isEqualTo(401);
            String basic = java.util.Base64.getEncoder().encodeToString(("operator:" + passwordSentinel).getBytes(StandardCharsets.UTF_8));
            java.net.http.HttpResponse<String> wrong = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/ims/deliveries/summary"))
                            .header("Authorization", "Basic " + basic).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(http.get("/ims/deliveries/summary").status()).isEqualTo(200);

            String logs = output.getAll();
            assertThat(logs).as("Spring Security's debug lines were captured").contains("Securing GET /ims/deliveries/summary");
            assertThat(logs).doesNotContain(tokenSentinel, "ZQXTOKENSENTINEL", passwordSentinel, basic, operatorPassword);
        } finally {
            logging.setLogLevel("org.springframework.security", null);
        }
    }

    private ObjectNode sentinel(int session) {
        ObjectNode record = records.session(session, session);
        ObjectNode patient = (ObjectNode) record.get("patient");
        patient.put("id", PATIENT_ID + "-" + session);
        patient.put("family", FAMILY);
        patient.putArray("given").add(GIVEN);
        patient.put("birthDate", BIRTH_DATE);
        patient.put("postalCode", POSTAL_CODE);
        ((ObjectNode) patient.get("healthNumber")).put("value", HEALTH_NUMBER);
        return record;
    }

    private Http.Answer post(ObjectNode record) {
        return http.post("/ims/sessions", "application/json", TestRecords.json(record));
    }

    private void awaitDelivered(DeliveryStatus status, long expected) {
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                assertThat(store.countDeliveries(status, records.system())).isEqualTo(expected));
    }
}
