package org.imsfhir.routes.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.imsfhir.fixtures.TestInsurer;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.Operator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real service (in-memory H2, EHR bundles to a folder) with two insurer destinations on the test
 * insurer endpoint: {@code acme} (ACME-HEALTH, cpt, USD) and {@code prairie} (PRAIRIE-BLUE, own
 * fee codes from the test-fixtures mapping file, CAD). The member id prefix picks the insurer's
 * answer (see {@link TestInsurer}). Each test uses its own session ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClaimsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestInsurer INSURER = TestInsurer.start();
    private static final Path WORK = tempDir();
    private static final String ACME_SAMPLE = "/samples/valid/valid-05-shoulder-us-cpt-20561.json";
    private static final String PRAIRIE_SAMPLE = "/samples/valid/valid-10-sciatica-hip-ca-ab-payer-codes.json";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:claims-it;DB_CLOSE_DELAY=-1");
        r.add(Operator.PROPERTY, Operator.CREDENTIAL_FILE::toString);
        r.add("ims.intake.inbox.enabled", () -> "false");
        r.add("ims.intake.inbox.dir", () -> WORK.resolve("inbox").toString());
        r.add("ims.validation.warm-up", () -> "false");
        r.add("ims.delivery.poll-interval", () -> "100ms");
        r.add("ims.delivery.destinations.ehr.dir", () -> WORK.resolve("out").toString());
        for (String name : new String[] {"acme", "prairie"}) {
            String p = "ims.claims.insurers." + name + ".";
            r.add(p + "base-url", INSURER::baseUrl);
            r.add(p + "poll-interval", () -> "200ms");
            r.add(p + "retry.initial-delay", () -> "100ms");
            r.add(p + "retry.max-delay", () -> "400ms");
            r.add(p + "retry.max-attempts", () -> "20");
        }
        r.add("ims.claims.insurers.acme.payer-id", () -> "ACME-HEALTH");
        r.add("ims.claims.insurers.acme.name", () -> "ACME Health (synthetic)");
        r.add("ims.claims.insurers.acme.currency", () -> "USD");
        r.add("ims.claims.insurers.prairie.payer-id", () -> "PRAIRIE-BLUE");
        r.add("ims.claims.insurers.prairie.code-set", () -> "prairie-blue-physio");
        r.add("ims.claims.insurers.prairie.currency", () -> "CAD");
        r.add("ims.claims.insurers.prairie.mapping-file", () -> "classpath:claims/prairie-blue-physio.csv");
    }

    @LocalServerPort
    int port;
    private Http http;

    @BeforeEach
    void client() {
        http = Operator.http(port);
    }

    @AfterAll
    static void stop() {
        INSURER.close();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("claims-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample record with its own session id and member id (and any further edit). */
    private static ObjectNode record(String sample, String sessionId, String memberId, Consumer<ObjectNode> edit) {
        try (InputStream in = ClaimsIT.class.getResourceAsStream(sample)) {
            ObjectNode json = (ObjectNode) JSON.readTree(in);
            json.put("sessionId", sessionId);
            ((ObjectNode) json.get("billing")).put("memberId", memberId);
            edit.accept(json);
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts one record; returns its message id. */
    private String post(ObjectNode record) {
        Http.Answer answer = http.post("/ims/sessions", "application/json", record.toString());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode result = answer.json().get("records").get(0);
        assertThat(result.get("status").asText()).isEqualTo("VALID");
        return result.get("id").asText();
    }

    /** The session's claim at one insurer destination, once it has one matching {@code outcome}. */
    private JsonNode awaitClaim(String messageId, String destination, String outcome) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode status = http.get("/ims/sessions/" + messageId).json();
            JsonNode claim = null;
            for (JsonNode c : status.path("claims")) {
                if (destination.equals(c.get("destination").asText())) {
                    claim = c;
                }
            }
            assertThat(claim).as("claim at " + destination + " in " + status).isNotNull();
            assertThat(claim.get("outcome").asText()).isEqualTo(outcome);
            found[0] = claim;
        });
        return found[0];
    }

    private static String claimKey(ObjectNode record) {
        return record.get("source").get("system").asText() + "/claim|" + record.get("sessionId").asText();
    }

    @Test
    void approvedClaimIsStoredWithItsAdjudicationAndShownByTheStatusApi() {
        ObjectNode rec = record(ACME_SAMPLE, "IT-CLAIM-OK", "SYN-100", j -> { });
        JsonNode claim = awaitClaim(post(rec), "acme", "complete");
        assertThat(claim.get("disposition").asText()).isEqualTo("Approved");
        assertThat(claim.get("submitted").decimalValue()).isEqualByComparingTo("95.00"); // billing.fee.amount
        assertThat(claim.get("benefit").decimalValue()).isEqualByComparingTo("76.00"); // insurer: 80 % of the fee
        assertThat(claim.get("currency").asText()).isEqualTo("USD");
        assertThat(claim.get("serviceCode").asText()).isEqualTo("http://www.ama-assn.org/go/cpt|20561"); // 4 muscles
        assertThat(claim.get("claimIdentifier").asText()).isEqualTo(claimKey(rec));
        assertThat(claim.toString()).doesNotContain("SYN-100"); // no member id in the status view
        assertThat(INSURER.responseFor(claimKey(rec))).isNotNull();
    }

    /** A session sent as CSV rows is billed like one sent as JSON: the claim sender reads the stored rows as CSV. */
    @Test
    void aSessionSentAsCsvIsBilledLikeOneSentAsJson() throws IOException {
        String csv;
        try (InputStream in = ClaimsIT.class.getResourceAsStream("/samples/valid/valid-batch-01.csv")) {
            csv = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("RPT-44120", "IT-CLAIM-CSV");
        }
        Http.Answer answer = http.post("/ims/sessions", "text/csv", csv);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        String messageId = null;
        for (JsonNode r : answer.json().get("records")) {
            if (r.path("sessionKey").asText().endsWith("|IT-CLAIM-CSV")) {
                assertThat(r.get("status").asText()).isEqualTo("VALID");
                messageId = r.get("id").asText();
            }
        }
        assertThat(messageId).as("the billed session among %s", answer.body()).isNotNull();

        JsonNode claim = awaitClaim(messageId, "acme", "complete");
        assertThat(claim.get("claimIdentifier").asText()).isEqualTo("https://rainier-pt.example/ehr/claim|IT-CLAIM-CSV");
        assertThat(claim.get("currency").asText()).isEqualTo("USD");
    }

    @Test
    void rejectedClaimIsStoredWithTheInsurersErrors() {
        JsonNode claim = awaitClaim(post(record(ACME_SAMPLE, "IT-CLAIM-REJ", "REJ-200", j -> { })), "acme", "error");
        assertThat(claim.get("disposition").asText()).isEqualTo("Rejected");
        assertThat(claim.get("errors").get(0).get("code").asText()).isEqualTo("member-not-eligible");
        assertThat(claim.get("errors").get(0).get("system").asText()).isEqualTo(TestInsurer.ERROR_SYSTEM);
    }

    @Test
    void queuedClaimIsPolledUntilComplete() {
        String id = post(record(ACME_SAMPLE, "IT-CLAIM-QUE", "QUE-300", j -> { }));
        JsonNode claim = awaitClaim(id, "acme", "complete");
        assertThat(claim.get("polls").asInt()).isGreaterThanOrEqualTo(1); // completed by a follow-up read
        assertThat(claim.get("benefit").decimalValue()).isEqualByComparingTo("76.00");
        JsonNode deliveries = http.get("/ims/sessions/" + id).json().get("deliveries");
        assertThat(deliveries.findValuesAsText("destination")).containsExactlyInAnyOrder("ehr", "acme");
    }

    @Test
    void payerWithOwnCodesGetsTheMappedCode() {
        JsonNode claim = awaitClaim(post(record(PRAIRIE_SAMPLE, "IT-CLAIM-PB", "PB-400", j -> { })), "prairie", "complete");
        assertThat(claim.get("serviceCode").asText()).isEqualTo("https://prairie-blue.example/fee-codes|PB-IMS-3"); // 5 muscles
        assertThat(claim.get("currency").asText()).isEqualTo("CAD");
    }

    @Test
    void resubmittingASessionMakesNoSecondClaim() {
        ObjectNode rec = record(ACME_SAMPLE, "IT-CLAIM-AGAIN", "SYN-500", j -> { });
        JsonNode first = awaitClaim(post(rec), "acme", "complete");
        int claimsBefore = INSURER.claimCount();
        int submissionsBefore = INSURER.submissions();
        String second = post(rec); // the clinic sends the same session again: a new message, a new delivery
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(awaitClaim(second, "acme", "complete").get("forMessageId").asText()).isEqualTo(second));
        assertThat(INSURER.submissions()).isEqualTo(submissionsBefore + 1); // it was submitted again
        assertThat(INSURER.claimCount()).isEqualTo(claimsBefore); // but the insurer made no second claim
        assertThat(awaitClaim(second, "acme", "complete").get("responseId").asText())
                .isEqualTo(first.get("responseId").asText()); // and answered with the same ClaimResponse
    }

    @Test
    void invalidBillingIsRefusedWithItsFieldPathAndCanBeSeen() {
        int claimsBefore = INSURER.claimCount();
        String id = post(record(ACME_SAMPLE, "IT-CLAIM-CAD", "SYN-600",
                j -> ((ObjectNode) j.get("billing").get("fee")).put("currency", "CAD")));
        JsonNode claim = awaitClaim(id, "acme", "not-billable");
        assertThat(claim.get("errors").get(0).get("path").asText()).isEqualTo("billing.fee.currency");
        assertThat(claim.get("errors").get(0).get("reason").asText()).contains("CAD", "USD");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode delivery = null;
            for (JsonNode d : http.get("/ims/sessions/" + id).json().get("deliveries")) {
                if ("acme".equals(d.get("destination").asText())) {
                    delivery = d;
                }
            }
            assertThat(delivery.get("status").asText()).isEqualTo("DEAD");
            assertThat(delivery.get("lastError").asText()).contains("billing.fee.currency");
        });
        assertThat(INSURER.claimCount()).isEqualTo(claimsBefore); // nothing was sent
    }

    @Test
    void payerWithoutInsurerGetsNoDeliveryButAVisibleReason() {
        String id = post(record(ACME_SAMPLE, "IT-CLAIM-NOPAYER", "SYN-800",
                j -> ((ObjectNode) j.get("billing")).put("payerId", "NOBODY-HEALTH")));
        JsonNode claim = awaitClaim(id, "(no insurer)", "not-billable");
        assertThat(claim.get("payerId").asText()).isEqualTo("NOBODY-HEALTH");
        assertThat(claim.at("/errors/0/path").asText()).isEqualTo("billing.payerId");
        assertThat(claim.at("/errors/0/reason").asText()).contains("no insurer configured for payer NOBODY-HEALTH");
        assertThat(claim.toString()).doesNotContain("SYN-800");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = http.get("/ims/sessions/" + id).json();
            assertThat(status.get("deliveries").findValuesAsText("destination")).containsExactly("ehr");
            assertThat(status.get("deliveries").get(0).get("status").asText()).isEqualTo("DELIVERED");
        });
        assertThat(http.get("/actuator/metrics/ims.claims.unknown.payer").json().at("/measurements/0/value").asDouble())
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void sessionsWithoutBillingGetNoInsurerDelivery() {
        String id = post(record(ACME_SAMPLE, "IT-CLAIM-NONE", "SYN-700", j -> j.remove("billing")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = http.get("/ims/sessions/" + id).json();
            assertThat(status.get("deliveries").findValuesAsText("destination")).containsExactly("ehr");
            assertThat(status.get("deliveries").get(0).get("status").asText()).isEqualTo("DELIVERED");
            assertThat(status.get("claims")).isEmpty();
        });
    }

    /** The delivery of a message to one destination, once it has {@code status}. */
    private JsonNode awaitDelivery(String messageId, String destination, String status) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode delivery = null;
            for (JsonNode d : http.get("/ims/sessions/" + messageId).json().get("deliveries")) {
                if (destination.equals(d.get("destination").asText())) {
                    delivery = d;
                }
            }
            assertThat(delivery).as("delivery to " + destination).isNotNull();
            assertThat(delivery.get("status").asText()).as(delivery.toString()).isEqualTo(status);
            found[0] = delivery;
        });
        return found[0];
    }

    private static ObjectNode retraction(ObjectNode record) {
        ObjectNode r = record.deepCopy();
        r.put("status", "entered-in-error");
        return r;
    }

    @Test
    void retractingABilledSessionCancelsItsClaimOnceAndTheStatusApiShowsIt() {
        ObjectNode rec = record(ACME_SAMPLE, "IT-CLAIM-CANCEL", "SYN-900", j -> { });
        JsonNode approved = awaitClaim(post(rec), "acme", "complete");
        assertThat(approved.get("cancelled").asBoolean()).isFalse();
        int cancellationsBefore = INSURER.cancellations();
        int claimsBefore = INSURER.claimCount();

        String retracted = post(retraction(rec));
        awaitDelivery(retracted, "acme", "DELIVERED");
        JsonNode claim = awaitClaim(retracted, "acme", "complete"); // the claim's adjudication stays visible
        assertThat(claim.get("cancelled").asBoolean()).isTrue();
        assertThat(claim.at("/cancellation/outcome").asText()).isEqualTo("complete");
        assertThat(claim.at("/cancellation/disposition").asText()).isEqualTo("Claim cancelled");
        assertThat(claim.at("/cancellation/forMessageId").asText()).isEqualTo(retracted);
        assertThat(claim.at("/cancellation/cancelledAt").isNull()).isFalse();
        assertThat(claim.get("benefit").decimalValue()).isEqualByComparingTo("76.00");
        assertThat(claim.get("claimIdentifier").asText()).isEqualTo(claimKey(rec));
        assertThat(claim.toString()).doesNotContain("SYN-900");
        assertThat(INSURER.isCancelled(claimKey(rec))).isTrue();
        assertThat(INSURER.cancellations()).isEqualTo(cancellationsBefore + 1);
        assertThat(INSURER.claimCount()).isEqualTo(claimsBefore); // no new claim

        // The clinic sends the retraction again: delivered without a second cancellation or request.
        int submissionsBefore = INSURER.submissions();
        String again = post(retraction(rec));
        awaitDelivery(again, "acme", "DELIVERED");
        assertThat(INSURER.cancellations()).isEqualTo(cancellationsBefore + 1);
        assertThat(INSURER.submissions()).isEqualTo(submissionsBefore);
        assertThat(INSURER.claimCount()).isEqualTo(claimsBefore);
        assertThat(awaitClaim(again, "acme", "complete").at("/cancellation/forMessageId").asText()).isEqualTo(retracted);
    }

    @Test
    void aCancellationTheInsurerRefusesIsDeadWithItsReasonAndTheClaimStaysOpen() {
        ObjectNode rec = record(ACME_SAMPLE, "IT-CLAIM-CANCEL-REFUSED", "PAID-930", j -> { });
        awaitClaim(post(rec), "acme", "complete");
        int cancellationsBefore = INSURER.cancellations();

        String retracted = post(retraction(rec));
        JsonNode delivery = awaitDelivery(retracted, "acme", "DEAD");
        assertThat(delivery.get("lastError").asText()).contains("did not cancel", "error");
        JsonNode claim = awaitClaim(retracted, "acme", "complete");
        assertThat(claim.get("cancelled").asBoolean()).isFalse();
        assertThat(claim.at("/cancellation/outcome").asText()).isEqualTo("error");
        assertThat(claim.at("/cancellation/disposition").asText()).contains("already paid");
        assertThat(claim.toString()).contains("claim-paid").doesNotContain("PAID-930");
        assertThat(INSURER.isCancelled(claimKey(rec))).isFalse();
        assertThat(INSURER.cancellations()).isEqualTo(cancellationsBefore);
    }

    @Test
    void aQueuedCancellationIsSentAgainUntilTheInsurerCancels() {
        ObjectNode rec = record(ACME_SAMPLE, "IT-CLAIM-CANCEL-QUEUED", "SLOWCAN-940", j -> { });
        awaitClaim(post(rec), "acme", "complete");

        String retracted = post(retraction(rec));
        awaitDelivery(retracted, "acme", "DELIVERED");
        JsonNode claim = awaitClaim(retracted, "acme", "complete");
        assertThat(claim.get("cancelled").asBoolean()).isTrue();
        assertThat(claim.at("/cancellation/outcome").asText()).isEqualTo("complete");
        assertThat(INSURER.isCancelled(claimKey(rec))).isTrue();
        JsonNode delivery = awaitDelivery(retracted, "acme", "DELIVERED");
        assertThat(delivery.get("attempts").asInt()).as("queued first, cancelled at the next attempt").isEqualTo(2);
    }

    @Test
    void retractingASessionNeverBilledSendsNothingToTheInsurer() {
        int submissionsBefore = INSURER.submissions();
        int claimsBefore = INSURER.claimCount();
        String id = post(retraction(record(ACME_SAMPLE, "IT-CLAIM-RETRACT-ONLY", "SYN-910", j -> { })));
        awaitDelivery(id, "acme", "DELIVERED");
        JsonNode claim = awaitClaim(id, "acme", "not-billable");
        assertThat(claim.at("/errors/0/path").asText()).isEqualTo("status");
        assertThat(claim.at("/errors/0/reason").asText()).contains("entered-in-error", "nothing to cancel");
        assertThat(claim.get("cancelled").asBoolean()).isFalse();
        assertThat(claim.has("cancellation")).isFalse();

        // A session refused by the adapter (nothing submitted), then retracted: nothing is sent either.
        ObjectNode refused = record(ACME_SAMPLE, "IT-CLAIM-RETRACT-REFUSED", "SYN-920",
                j -> ((ObjectNode) j.get("billing").get("fee")).put("currency", "CAD"));
        awaitClaim(post(refused), "acme", "not-billable");
        ObjectNode retraction = retraction(refused);
        ((ObjectNode) retraction.get("billing").get("fee")).put("currency", "USD");
        String retracted = post(retraction);
        awaitDelivery(retracted, "acme", "DELIVERED");
        assertThat(awaitClaim(retracted, "acme", "not-billable").at("/errors/0/reason").asText()).contains("nothing to cancel");
        assertThat(INSURER.submissions()).isEqualTo(submissionsBefore);
        assertThat(INSURER.claimCount()).isEqualTo(claimsBefore);
    }
}
