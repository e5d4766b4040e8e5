package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imsfhir.routes.support.TestDirs;
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
 * The captured console output must contain none of the sentinels. The same holds for the structured
 * JSON logs (profile {@code json-logs}, the service jar in its own JVM), whose every line parses as
 * JSON and whose lines about a record carry its ids from the MDC.
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
        // Plain text: the record's ids from the MDC before the logger name.
        String system = java.util.regex.Pattern.quote(records.system());
        assertThat(logs).as("a judging line carries intake and message id")
                .containsPattern("\\[intake=\\d+ message=(\\d+)\\] \\S+\\s*: Message \\d+ \\(" + system + "\\|S-3\\) rejected");
        assertThat(logs).as("a delivery line carries intake, message, delivery id and destination")
                .containsPattern("\\[intake=\\d+ message=\\d+ delivery=\\d+ destination=ehr\\] \\S+\\s*: Delivered " + system + "\\|S-1 to ehr");
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

    /**
     * The JSON format (ECS): the service jar started with the profile json-logs and the adapter's
     * loggers at DEBUG takes one valid and one refused sentinel record and delivers the valid one.
     * Every line of its console parses as one JSON object; none holds a sentinel; the lines about the
     * records carry intakeId and messageId, the delivery's line also deliveryId and destination.
     */
    @Test
    void jsonLogsParseLineByLineCarryTheRecordIdsAndNoPatientData() throws Exception {
        Path dir = TestDirs.create("log-privacy-json");
        Path log = dir.resolve("adapter.log");
        TestRecords json = new TestRecords("https://log-privacy-json-it.example/pms");
        try (AdapterProcess adapter = AdapterProcess.start(AdapterProcess.freePort(), log, List.of(
                "--spring.profiles.active=json-logs",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";WRITE_DELAY=0",
                "--ims.intake.inbox.dir=" + dir.resolve("inbox").toAbsolutePath(),
                "--ims.delivery.destinations.ehr.dir=" + dir.resolve("out").toAbsolutePath(),
                "--ims.delivery.poll-interval=100ms",
                "--logging.level.org.imsfhir=DEBUG"))) {
            Http operator = adapter.operator();
            assertThat(operator.post("/ims/sessions", "application/json", TestRecords.json(sentinel(json, 1))).status())
                    .isEqualTo(200);
            ObjectNode badDate = sentinel(json, 2);
            ((ObjectNode) badDate.get("patient")).put("birthDate", "1931-02-31");
            assertThat(operator.post("/ims/sessions", "application/json", TestRecords.json(badDate)).status()).isEqualTo(422);
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(
                    operator.get("/ims/deliveries/summary").json().at("/ehr/DELIVERED").asLong()).isEqualTo(1));
        }

        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("Picked up ") || line.startsWith("OpenJDK ")) {
                continue; // notes of the java launcher, not the service's log
            }
            lines.add(mapper.readTree(line)); // throws when a line is not JSON
        }
        String all = Files.readString(log, StandardCharsets.UTF_8);
        for (String sentinel : SENTINELS) {
            assertThat(all).as("JSON log output contains a patient sentinel").doesNotContain(sentinel);
        }
        assertThat(lines).as("the service logged in JSON").hasSizeGreaterThan(10);
        assertThat(lines).allSatisfy(l -> assertThat(l.has("@timestamp") && l.has("message") && l.at("/log/level").isTextual()).isTrue());

        JsonNode rejected = only(lines, "(" + json.system() + "|S-2) rejected");
        assertThat(rejected.path("intakeId").asText()).isNotEmpty();
        assertThat(rejected.path("messageId").asText()).isNotEmpty();
        JsonNode delivered = only(lines, "Delivered " + json.system() + "|S-1 to ehr");
        assertThat(delivered.path("intakeId").asText()).isNotEmpty();
        assertThat(delivered.path("messageId").asText()).isNotEmpty();
        assertThat(delivered.path("deliveryId").asText()).isNotEmpty();
        assertThat(delivered.path("destination").asText()).isEqualTo("ehr");
        JsonNode intake = only(lines, "Intake " + rejected.path("intakeId").asText() + ": 1 record(s), 0 accepted");
        assertThat(intake.path("intakeId").asText()).isEqualTo(rejected.path("intakeId").asText());
        assertThat(lines.stream().filter(l -> l.path("message").asText().startsWith("Started ")))
                .as("a line about no record carries no record ids")
                .allSatisfy(l -> assertThat(l.has("messageId") || l.has("intakeId")).isFalse());
    }

    private static JsonNode only(List<JsonNode> lines, String part) {
        List<JsonNode> found = lines.stream().filter(l -> l.path("message").asText().contains(part)).toList();
        assertThat(found).as("log lines containing '%s'", part).hasSize(1);
        return found.get(0);
    }

    private ObjectNode sentinel(int session) {
        return sentinel(records, session);
    }

    private static ObjectNode sentinel(TestRecords records, int session) {
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
