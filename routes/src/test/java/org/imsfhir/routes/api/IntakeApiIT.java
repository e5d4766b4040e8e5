package org.imsfhir.routes.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.MessageStatus;
import org.imsfhir.routes.store.StatusQueries;
import org.imsfhir.routes.it.ServiceIT;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole service (see {@link ServiceIT}):
 * intake over REST and the inbox folder, per-record answers, status lookup, and refusal of
 * malformed input (the service keeps serving, nothing invalid is stored as VALID).
 */
class IntakeApiIT extends ServiceIT {

    @Autowired
    StatusQueries store;
    @Autowired
    CamelContext camel;

    private final TestRecords records = new TestRecords("https://intake-api-it.example/pms");
    private final Path inbox = WORK.resolve("inbox");

    @Test
    void oneRecordIsAcceptedStoredAndDelivered() {
        Http.Answer answer = http.post("/ims/sessions", "application/json", TestRecords.json(records.session(1, 1)));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode result = answer.json().get("records").get(0);
        assertThat(result.get("status").asText()).isEqualTo("VALID");
        assertThat(result.get("sessionKey").asText()).isEqualTo(records.system() + "|S-1");
        String id = result.get("id").asText();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = http.get("/ims/sessions/" + id).json();
            assertThat(status.get("deliveries").get(0).get("status").asText()).isEqualTo("DELIVERED");
        });
        JsonNode status = http.get("/ims/sessions/" + id).json();
        assertThat(status.get("status").asText()).isEqualTo("VALID");
        assertThat(status.get("stages")).extracting(s -> s.get("stage").asText()).containsExactly("RECEIVED", "VALID");
        assertThat(status.get("deliveries").get(0).get("destination").asText()).isEqualTo("ehr");
        assertThat(status.get("audit")).extracting(s -> s.get("to").asText())
                .containsExactly("RECEIVED", "VALID", "PENDING", "DELIVERED");
        assertThat(FHIR.count("Procedure", "identifier=" + records.system() + "/session|S-1")).isEqualTo(1);
    }

    @Test
    void aBatchAnswersPerRecordAndOneBadRecordBlocksNothing() {
        ObjectNode bad = records.session(3, 3);
        bad.put("unexpectedField", "x");
        String batch = "[" + TestRecords.json(records.session(2, 2)) + "," + TestRecords.json(bad) + "]";

        Http.Answer answer = http.post("/ims/sessions", "application/json", batch);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.json().get("rejected").asInt()).isEqualTo(1);
        JsonNode rejected = answer.json().get("records").get(1);
        assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("outcome").get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(rejected.get("outcome").get("issue").get(0).get("expression").get(0).asText()).contains("unexpectedField");
    }

    @Test
    void ndjsonIsReadLineByLine() {
        Http.Answer answer = http.post("/ims/sessions", "application/x-ndjson",
                TestRecords.ndjson(records.sessions(10, 13, 2)));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("accepted").asInt()).isEqualTo(3);
    }

    @Test
    void brokenJsonIs400WithAnOperationOutcomeAndIsKeptRejected() {
        long validBefore = store.countMessages(MessageStatus.VALID);
        long rejectedBefore = store.countMessages(MessageStatus.REJECTED);

        Http.Answer answer = http.post("/ims/sessions", "application/json", "{\"recordVersion\": \"1\", \"source\": ");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(store.countMessages(MessageStatus.VALID)).isEqualTo(validBefore);
        assertThat(store.countMessages(MessageStatus.REJECTED)).isEqualTo(rejectedBefore + 1);
        assertServiceStillServes();
    }

    @Test
    void wrongTypesAreRejectedWithTheFieldPath() {
        ObjectNode wrong = records.session(20, 20);
        ((ObjectNode) wrong.get("treatedSites").get(0)).put("insertions", "four");

        Http.Answer answer = http.post("/ims/sessions", "application/json", TestRecords.json(wrong));

        assertThat(answer.status()).isEqualTo(422);
        JsonNode outcome = answer.json().get("records").get(0).get("outcome");
        assertThat(outcome.toString()).contains("treatedSites[0].insertions");
    }

    @Test
    void aWrongContentTypeIs415() {
        long receivedBefore = store.countMessages(MessageStatus.RECEIVED) + store.countMessages(MessageStatus.REJECTED)
                + store.countMessages(MessageStatus.VALID);

        Http.Answer answer = http.post("/ims/sessions", "application/xml", "<session/>");

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(store.countMessages(MessageStatus.RECEIVED) + store.countMessages(MessageStatus.REJECTED)
                + store.countMessages(MessageStatus.VALID)).isEqualTo(receivedBefore);
    }

    @Test
    void aTenMegabyteBodyIsRefusedWith413AndTheServiceGoesOn() {
        long validBefore = store.countMessages(MessageStatus.VALID);
        byte[] body = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '[';
        body[body.length - 1] = ']';

        Http.Answer answer = http.post("/ims/sessions", "application/json", body);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(store.countMessages(MessageStatus.VALID)).isEqualTo(validBefore);
        assertServiceStillServes();
    }

    @Test
    void anUnknownSessionIs404() {
        assertThat(http.get("/ims/sessions/99999999").status()).isEqualTo(404);
        assertThat(http.get("/ims/sessions/not-a-number").status()).isEqualTo(404);
    }

    @Test
    void inboxFilesAreTakenInAndFailuresReportedBesideThem() throws IOException {
        Files.createDirectories(inbox);
        ObjectNode bad = records.session(31, 31);
        ((ObjectNode) bad.get("treatedSites").get(0)).put("insertions", "many");
        NotifyBuilder two = new NotifyBuilder(camel).fromRoute("intake-inbox").whenDone(2).create();

        Files.writeString(inbox.resolve("good.ndjson"), TestRecords.ndjson(records.sessions(40, 42, 2)), StandardCharsets.UTF_8);
        Files.writeString(inbox.resolve("mixed.json"), "[" + TestRecords.json(records.session(30, 30)) + ","
                + TestRecords.json(bad) + "]", StandardCharsets.UTF_8);

        assertThat(two.matches(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve("done/mixed.json"))
                && Files.exists(inbox.resolve("done/good.ndjson")));
        assertThat(inbox.resolve("good.ndjson")).doesNotExist();
        assertThat(inbox.resolve("done/good.ndjson.errors.json")).doesNotExist();
        JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(inbox.resolve("done/mixed.json.errors.json").toFile());
        assertThat(report.get("accepted").asInt()).isEqualTo(1);
        assertThat(report.get("rejected").asInt()).isEqualTo(1);
        assertThat(report.get("failures").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(report.get("failures").get(0).get("outcome").toString()).contains("treatedSites[0].insertions");
    }

    @Test
    void aCsvFileWithMissingColumnsGetsAnErrorReportAndNothingValid() throws IOException {
        Files.createDirectories(inbox);
        long validBefore = store.countMessages(MessageStatus.VALID);
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("intake-inbox").whenDone(1).create();

        Files.writeString(inbox.resolve("short.csv"), "record_version,source_system,session_id\n1,"
                + records.system() + ",S-50\n", StandardCharsets.UTF_8);

        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve("done/short.csv.errors.json")));
        JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(inbox.resolve("done/short.csv.errors.json").toFile());
        assertThat(report.get("accepted").asInt()).isZero();
        assertThat(report.get("failures").get(0).get("outcome").toString()).contains("patient_id");
        assertThat(store.countMessages(MessageStatus.VALID)).isEqualTo(validBefore);
        assertServiceStillServes();
    }

    @Test
    void anNdjsonFileIsReadInChunksAndTheReportGivesTheFilesLines() throws IOException {
        Files.createDirectories(inbox);
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("intake-inbox").whenDone(1).create();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ObjectNode record = records.session(70 + i, 70);
            if (i == 4) {
                ((ObjectNode) record.get("treatedSites").get(0)).put("insertions", "four");
            }
            lines.add(TestRecords.json(record));
            if (i == 1) {
                lines.add(""); // blank lines count as file lines
            }
        }

        Files.writeString(inbox.resolve("chunks.ndjson"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);

        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve("done/chunks.ndjson.errors.json")));
        JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(inbox.resolve("done/chunks.ndjson.errors.json").toFile());
        assertThat(report.get("intakeIds")).as("3 records per intake (ServiceIT)").hasSize(3);
        assertThat(report.get("accepted").asInt()).isEqualTo(6);
        assertThat(report.get("failures")).singleElement().satisfies(f -> {
            assertThat(f.get("index").asInt()).as("the fifth record of the file").isEqualTo(4);
            assertThat(f.get("line").asInt()).as("its line in the file").isEqualTo(6);
            assertThat(f.get("outcome").toString()).contains("treatedSites[0].insertions");
        });
    }

    @Test
    void anInboxFileOverTheLimitIsNotReadAndMovesToFailedWithAReport() throws IOException {
        Files.createDirectories(inbox);
        long messagesBefore = store.countMessages(MessageStatus.VALID) + store.countMessages(MessageStatus.REJECTED);
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("intake-inbox").whenDone(1).create();
        long limit = 16L * 1024 * 1024; // ims.intake.inbox.max-file-size
        String record = TestRecords.json(records.session(60, 60));

        Files.writeString(inbox.resolve("huge.json"), record + " ".repeat((int) limit), StandardCharsets.UTF_8);

        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve("failed/huge.json")));
        JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(inbox.resolve("failed/huge.json.errors.json").toFile());
        assertThat(report.get("limit").asLong()).isEqualTo(limit);
        assertThat(report.get("size").asLong()).isGreaterThan(limit);
        assertThat(report.get("outcome").get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(report.get("outcome").toString()).contains("ims.intake.inbox.max-file-size");
        assertThat(store.countMessages(MessageStatus.VALID) + store.countMessages(MessageStatus.REJECTED))
                .as("nothing of it stored").isEqualTo(messagesBefore);
        assertServiceStillServes();
    }

    @Test
    void aPayloadOverTheRecordLimitIs400NamingTheLimitAndTheServiceGoesOn() {
        String body = "{}\n".repeat(1001); // ims.intake.reader.max-records: 1000

        Http.Answer answer = http.post("/ims/sessions", "application/x-ndjson", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(answer.body()).contains("1000");
        assertServiceStillServes();
    }

    @Test
    void csvWithMissingColumnsOverRestIs400NamingThem() {
        Http.Answer answer = http.post("/ims/sessions", "text/csv", "record_version,source_system,session_id\n1,x,S-1\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(answer.body()).contains("patient_id");
    }

    private void assertServiceStillServes() {
        Http.Answer answer = http.post("/ims/sessions", "application/json",
                TestRecords.json(records.session(900 + (int) (System.nanoTime() % 1000), 900)));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(store.countDeliveries(DeliveryStatus.DEAD)).isZero();
    }
}
