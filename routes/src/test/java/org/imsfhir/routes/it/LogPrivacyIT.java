package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.imsfhir.fixtures.FaultProxy;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.MessageStore;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * No patient data in any log line: records carrying sentinel values in every patient field go
 * through every path (accepted and delivered, rejected by the checks, broken JSON, an inbox file,
 * refused by the receiver with the sentinel in its reasons) with the adapter's own logging at
 * DEBUG; then the captured console output is searched for the sentinels.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "logging.level.org.imsfhir=DEBUG",
        "logging.level.org.apache.camel=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
class LogPrivacyIT {

    private static final String FAMILY = "Zzsentinelfamily";
    private static final String GIVEN = "Zzsentinelgiven";
    private static final String PATIENT_ID = "ZZSENTINELPID";
    private static final String HEALTH_NUMBER = "9876543210";
    private static final String POSTAL = "V0Z 9Q9";
    private static final String BIRTH = "1961-07-19";
    private static final List<String> SENTINELS = List.of(FAMILY, GIVEN, PATIENT_ID, HEALTH_NUMBER, POSTAL, BIRTH);

    private static final Path WORK = TestDirs.create("log-privacy-it");
    /** A receiver that refuses everything, quoting patient data in its reasons (as some do). */
    private static final FaultProxy REFUSING = FaultProxy.start(URI.create("http://127.0.0.1:9/fhir"));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        REFUSING.badRequest("Patient " + FAMILY + " " + GIVEN + " born " + BIRTH + " is unknown");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:log-privacy-it;DB_CLOSE_DELAY=-1");
        registry.add("ims.intake.inbox.dir", () -> WORK.resolve("inbox").toString());
        registry.add("ims.intake.inbox.poll-delay", () -> "200ms");
        registry.add("ims.delivery.poll-interval", () -> "100ms");
        registry.add("ims.delivery.destinations.ehr.dir", () -> WORK.resolve("out").toString());
        registry.add("ims.delivery.destinations.refusing.base-url", () -> REFUSING.baseUrl().toString());
    }

    @AfterAll
    static void close() {
        REFUSING.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    MessageStore store;
    @Autowired
    CamelContext camel;

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
        Http http = new Http("http://localhost:" + port);

        // Accepted, then delivered to the file destination and refused by the other.
        Http.Answer accepted = http.post("/ims/sessions", "application/json", TestRecords.json(sentinelRecord(1)));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(1)).until(() ->
                store.countDeliveries(DeliveryStatus.DELIVERED, records.system() + "|") == 1
                        && store.countDeliveries(DeliveryStatus.DEAD, records.system() + "|") == 1);

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
        assertThat(Files.list(WORK.resolve("out")).findFirst().map(TestDirs::read).orElse("")).contains(FAMILY);
        // ... but not the logs.
        String logs = output.getAll();
        assertThat(logs).contains(records.system() + "|S-1"); // logs name records by session key
        for (String sentinel : SENTINELS) {
            assertThat(logs).as("log output must not contain " + sentinel).doesNotContain(sentinel);
        }
    }
}
