package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.imsfhir.fixtures.AuthClient;
import org.imsfhir.fixtures.AuthServer;
import org.imsfhir.fixtures.FhirTestServer;
import org.imsfhir.fixtures.JwksRegistration;
import org.imsfhir.fixtures.ReceiverGate;
import org.imsfhir.fixtures.TestInsurer;
import org.imsfhir.routes.outbound.ReceiverClients;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.StatusQueries;
import org.imsfhir.routes.support.Batches;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.Operator;
import org.imsfhir.routes.support.TestDirs;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * SMART Backend Services against real servers: the authorization server fixture (Spring Authorization
 * Server, own process) knows the adapter as a private_key_jwt client by its JWKS URL (the adapter's
 * {@code /.well-known/jwks.json}, as the hospital registered it: {@link JwksRegistration}) and issues
 * tokens that live 10 seconds. The HAPI JPA server sits behind a {@link ReceiverGate} that admits only
 * that server's tokens with the right scopes and serves the SMART configuration naming its token endpoint
 * (the adapter discovers it). An insurer (the test insurer behind a second gate) takes client-credentials
 * tokens got with a client secret.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SmartBackendDeliveryIT {

    private static final String CLIENT_ID = "ims-adapter";
    private static final String SIGNING_KID = "adapter-2026";
    private static final String NEXT_KID = "adapter-2027";
    private static final Duration TOKEN_LIFE = Duration.ofSeconds(10);
    private static final List<String> EHR_SCOPES = List.of("system/Patient.cu", "system/Practitioner.cu",
            "system/PractitionerRole.cu", "system/Organization.cu", "system/Encounter.cu", "system/Condition.cu",
            "system/Procedure.cu", "system/Observation.cu", "system/Consent.cu", "system/AdverseEvent.cu", "system/Provenance.c");
    private static final String INSURER_CLIENT = "ims-claims";
    /** The insurer client's secret: a sentinel that must never show in logs or answers. */
    private static final String INSURER_SECRET = "insurer-secret-sentinel-Zq8v";
    private static final String INSURER_SCOPE = "system/Claim.c";

    private static final Path WORK = TestDirs.create("smart-backend-it");
    private static final Path RSA_KEY = AuthServer.writeNewKey(WORK.resolve("adapter-2026.pem"));
    private static final Path NEXT_KEY = writeEcJwk(WORK.resolve("adapter-2027.jwk"));
    private static final JwksRegistration REGISTRATION = JwksRegistration.start();
    private static final AuthServer AUTH = AuthServer.options()
            .client(AuthClient.withJwks(CLIENT_ID, REGISTRATION.jwksUrl(), "RS384").scopes(EHR_SCOPES.toArray(String[]::new))
                    .ttl(TOKEN_LIFE))
            .client(AuthClient.withSecret(INSURER_CLIENT, INSURER_SECRET).scopes(INSURER_SCOPE))
            .start();
    private static final FhirTestServer FHIR = TestFhir.shared();
    private static final ReceiverGate EHR = ReceiverGate.inFrontOf(FHIR.baseUrl())
            .bearerTokens(AUTH.jwksUri(), AUTH.issuer().toString(), "system/Patient.cu", "system/Encounter.cu", "system/Procedure.cu")
            .smartConfiguration(AUTH.tokenEndpoint())
            .start();
    private static final TestInsurer INSURER = TestInsurer.start();
    private static final ReceiverGate INSURER_GATE = ReceiverGate.inFrontOf(URI.create(INSURER.baseUrl()))
            .bearerTokens(AUTH.jwksUri(), AUTH.issuer().toString(), INSURER_SCOPE)
            .start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:smart-backend-it;DB_CLOSE_DELAY=-1");
        r.add(Operator.PROPERTY, Operator.CREDENTIAL_FILE::toString);
        r.add("ims.intake.inbox.enabled", () -> "false");
        r.add("ims.intake.inbox.dir", () -> WORK.resolve("inbox").toString());
        r.add("ims.delivery.poll-interval", () -> "100ms");
        r.add("ims.delivery.concurrency", () -> "2");
        // The adapter's keys: the RSA key signs (RS384), the EC key is published for the next rotation.
        r.add("ims.outbound.signing-key", () -> SIGNING_KID);
        r.add("ims.outbound.keys[0].kid", () -> SIGNING_KID);
        r.add("ims.outbound.keys[0].private-key", () -> "file:" + RSA_KEY);
        r.add("ims.outbound.keys[1].jwk", () -> "file:" + NEXT_KEY);
        String ehr = "ims.delivery.destinations.ehr.";
        r.add(ehr + "base-url", () -> EHR.baseUrl().toString());
        r.add(ehr + "auth.type", () -> "smart-backend");
        r.add(ehr + "auth.client-id", () -> CLIENT_ID);
        r.add(ehr + "auth.scope", () -> String.join(" ", EHR_SCOPES)); // no token-endpoint: discovered
        r.add(ehr + "retry.initial-delay", () -> "200ms");
        r.add(ehr + "retry.max-delay", () -> "1s");
        r.add(ehr + "retry.max-attempts", () -> "12");
        String acme = "ims.claims.insurers.acme.";
        r.add(acme + "payer-id", () -> "ACME-HEALTH");
        r.add(acme + "name", () -> "ACME Health (synthetic)");
        r.add(acme + "currency", () -> "USD");
        r.add(acme + "base-url", () -> INSURER_GATE.baseUrl().toString());
        r.add(acme + "auth.type", () -> "client-credentials");
        r.add(acme + "auth.token-endpoint", () -> AUTH.tokenEndpoint().toString());
        r.add(acme + "auth.client-id", () -> INSURER_CLIENT);
        r.add(acme + "auth.client-secret", () -> INSURER_SECRET);
        r.add(acme + "auth.client-auth-method", () -> "post");
        r.add(acme + "auth.scope", () -> INSURER_SCOPE);
        r.add(acme + "retry.initial-delay", () -> "200ms");
        r.add(acme + "retry.max-delay", () -> "1s");
    }

    @AfterAll
    static void stop() {
        EHR.close();
        INSURER_GATE.close();
        INSURER.close();
        AUTH.close();
        REGISTRATION.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    StatusQueries store;
    @Autowired
    MeterRegistry metrics;
    @Autowired
    LoggingSystem logging;
    private Http http;

    @BeforeEach
    void setUp() {
        http = Operator.http(port);
        // The hospital registered the adapter's published JWKS URL.
        REGISTRATION.source(URI.create("http://127.0.0.1:" + port + "/.well-known/jwks.json"));
    }

    @Test
    void aThousandRecordsWithTenSecondTokensAreAllDeliveredOnceWithFewTokenRequests() throws Exception {
        TestRecords records = new TestRecords("https://smart-backend-it.example/thousand");
        double issuedBefore = tokens("issued");
        int tokensSeenBefore = EHR.tokenIds().size();
        long started = System.nanoTime();

        assertThat(Batches.post(http, records.sessions(0, 1000, 250), 50, 2)).isEqualTo(1000);
        awaitDelivered(records, 1000, Duration.ofMinutes(15));
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(store.countDeliveries(DeliveryStatus.DEAD, records.system())).isZero();
        assertReceived(records, 1000, 250);
        double issued = tokens("issued") - issuedBefore;
        int used = EHR.tokenIds().size() - tokensSeenBefore;
        // A 10 s token is used until 2 s before it expires: about one token request per 8 s of run time.
        double expected = seconds / 8;
        System.out.printf("SmartBackendDeliveryIT: 1000 records delivered in %.1f s with %.0f token requests"
                + " (%d tokens seen by the receiver, %d refused there); tokens live %d s%n",
                seconds, issued, used, EHR.refusedTotal(), TOKEN_LIFE.toSeconds());
        assertThat(issued).as("token requests, not one per delivery").isLessThanOrEqualTo(expected + 3).isLessThan(100);
        assertThat(issued).as("tokens were renewed as they expired").isGreaterThanOrEqualTo(seconds / TOKEN_LIFE.toSeconds() - 2);
        assertThat(used).isLessThanOrEqualTo((int) issued);
        assertThat(EHR.discoveryRequests()).as("token endpoint discovered once").isEqualTo(1);
        assertThat(REGISTRATION.fetches()).as("the authorization server read the adapter's keys").isPositive();
    }

    @Test
    void aTokenTheReceiverRefusesIsReplacedAndTheDeliveryDoesNotCountAFailure() {
        TestRecords records = new TestRecords("https://smart-backend-it.example/refresh");
        double issuedBefore = tokens("issued");
        long revokedBefore = EHR.refused("revoked");
        EHR.revokeNextToken(); // whatever token comes next, valid or not, the receiver says 401

        String id = postOne(records.session(1, 1));
        awaitDelivered(records, 1, Duration.ofMinutes(2));

        JsonNode delivery = http.get("/ims/sessions/" + id).json().get("deliveries").get(0);
        assertThat(delivery.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(delivery.get("attempts").asInt()).as("the 401 did not cost an attempt").isEqualTo(1);
        assertThat(delivery.path("lastError").isNull() || delivery.path("lastError").isMissingNode()).isTrue();
        assertThat(EHR.refused("revoked")).isEqualTo(revokedBefore + 1);
        assertThat(tokens("issued")).as("a fresh token after the 401").isGreaterThanOrEqualTo(issuedBefore + 1);
        assertReceived(records, 1, 1);
    }

    @Test
    void aRefusalByTheTokenEndpointWaitsAsAFailureWithItsReasonAndReplayDeliversOnceTheKeyIsBack() {
        TestRecords records = new TestRecords("https://smart-backend-it.example/key-removed");
        // The hospital removes the adapter's key from its registration; its server reads the keys again.
        REGISTRATION.withdraw(SIGNING_KID);
        AUTH.enableClient(CLIENT_ID);
        EHR.revokeTokensAdmittedSoFar(); // and the receiver drops the tokens it had accepted
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(postOne(records.session(i, i)));
            }
            // Waiting as failures: PENDING, retried, the token endpoint's refusal as the reason in the status API.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                JsonNode d = http.get("/ims/sessions/" + ids.get(0)).json().get("deliveries").get(0);
                assertThat(d.get("status").asText()).isEqualTo("PENDING");
                assertThat(d.get("attempts").asInt()).isGreaterThanOrEqualTo(1);
                assertThat(d.get("lastError").asText()).contains("token endpoint refused the adapter: HTTP 401 invalid_client");
            });
            awaitStatus(records, DeliveryStatus.DEAD, 3, Duration.ofMinutes(3));
            for (String id : ids) {
                JsonNode d = http.get("/ims/sessions/" + id).json().get("deliveries").get(0);
                assertThat(d.get("lastError").asText()).startsWith("gave up after 12 attempts; last: ")
                        .contains("invalid_client").doesNotContain("eyJ");
            }
            assertThat(FHIR.count("Procedure", "identifier=" + records.system() + "/session|")).isZero();
        } finally {
            REGISTRATION.restoreAll();
            AUTH.enableClient(CLIENT_ID);
        }
        Http.Answer replay = http.post("/ims/destinations/ehr/replay", "application/json", "");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("replayed").asInt()).isEqualTo(3);
        awaitDelivered(records, 3, Duration.ofMinutes(2));
        assertReceived(records, 3, 3);
    }

    @Test
    void anInsurerTakesClientCredentialsTokensFromTheSameReceiverClient() {
        int submissions = INSURER.submissions();
        long admitted = INSURER_GATE.admitted();
        ObjectNode billed = sample("https://smart-backend-it.example/claims", "IT-SMART-CLAIM-1");

        String id = postOne(billed);
        JsonNode claim = awaitClaim(id);
        assertThat(claim.get("outcome").asText()).isEqualTo("complete");
        assertThat(INSURER.submissions()).isEqualTo(submissions + 1);
        assertThat(INSURER_GATE.admitted()).isGreaterThan(admitted);
        assertThat(INSURER_GATE.refused("missing")).as("never sent without a token").isZero();
        assertThat(tokens("issued", "acme")).isPositive();
    }

    @Test
    void secretsAssertionsAndTokensNeverReachTheLogsOrTheApi(CapturedOutput output) throws Exception {
        logging.setLogLevel("org.imsfhir", LogLevel.DEBUG);
        try {
            TestRecords records = new TestRecords("https://smart-backend-it.example/sentinel");
            EHR.revokeNextToken(); // the 401 path logs too
            INSURER_GATE.revokeNextToken();
            String ehrOnly = postOne(records.session(1, 1));
            String billed = postOne(sample("https://smart-backend-it.example/billed-sentinel", "IT-SMART-SENTINEL"));
            awaitDelivered(records, 1, Duration.ofMinutes(2));
            assertThat(awaitClaim(billed).get("outcome").asText()).isEqualTo("complete");

            List<String> answers = new ArrayList<>();
            for (String id : List.of(ehrOnly, billed)) {
                answers.add(http.get("/ims/sessions/" + id).body());
            }
            for (String status : List.of("DELIVERED", "PENDING", "DEAD")) {
                answers.add(http.get("/ims/deliveries?destination=ehr&status=" + status).body());
                answers.add(http.get("/ims/deliveries?destination=acme&status=" + status).body());
            }
            answers.add(http.get("/ims/deliveries/summary").body());
            answers.add(http.get("/actuator/metrics/" + ReceiverClients.TOKEN_METRIC).body());
            Http.Answer jwks = new Http("http://localhost:" + port).get("/.well-known/jwks.json");
            assertThat(jwks.status()).as("public keys without credentials").isEqualTo(200);
            answers.add(jwks.body());
            assertThat(jwks.json().get("keys").findValuesAsText("kid")).containsExactly(SIGNING_KID, NEXT_KID);

            String everything = output.getAll() + String.join("\n", answers);
            assertThat(everything).as("no JWT (token or assertion) anywhere").doesNotContain("eyJ");
            assertThat(everything).doesNotContain(INSURER_SECRET);
            for (String privatePart : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"")) {
                assertThat(jwks.body()).doesNotContain(privatePart);
            }
            assertThat(output.getAll()).as("the lines about these deliveries are there").contains("fetching a new one");
            assertThat(EHR.tokenIds()).isNotEmpty().allSatisfy(jti -> assertThat(everything).doesNotContain(jti));
        } finally {
            logging.setLogLevel("org.imsfhir", null);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private double tokens(String outcome) {
        return tokens(outcome, "ehr");
    }

    private double tokens(String outcome, String destination) {
        Counter c = metrics.find(ReceiverClients.TOKEN_METRIC).tag("destination", destination).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private String postOne(ObjectNode record) {
        Http.Answer answer = http.post("/ims/sessions", "application/json", TestRecords.json(record));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().at("/records/0/status").asText()).isEqualTo("VALID");
        return answer.json().at("/records/0/id").asText();
    }

    /** The billed sample (ACME-HEALTH) under a test system and session id. */
    private static ObjectNode sample(String system, String sessionId) {
        try (InputStream in = SmartBackendDeliveryIT.class.getResourceAsStream("/samples/valid/valid-05-shoulder-us-cpt-20561.json")) {
            ObjectNode json = (ObjectNode) new ObjectMapper().readTree(in);
            ((ObjectNode) json.get("source")).put("system", system);
            json.put("sessionId", sessionId);
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode awaitClaim(String id) {
        JsonNode[] claim = new JsonNode[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode status = http.get("/ims/sessions/" + id).json();
            JsonNode found = null;
            for (JsonNode c : status.path("claims")) {
                if ("acme".equals(c.path("destination").asText())) {
                    found = c;
                }
            }
            assertThat(found).as("claim at acme").isNotNull();
            assertThat(found.path("outcome").asText()).isNotEmpty();
            claim[0] = found;
        });
        return claim[0];
    }

    private void awaitDelivered(TestRecords records, long expected, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(store.countDeliveries(DeliveryStatus.DEAD, records.system())).as("DEAD deliveries").isZero();
            assertThat(store.countDeliveries(DeliveryStatus.DELIVERED, records.system())).isEqualTo(expected);
        });
    }

    private void awaitStatus(TestRecords records, DeliveryStatus status, long expected, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(store.countDeliveries(status, records.system())).isEqualTo(expected));
    }

    /** Exactly one Procedure and one Encounter per session, one Patient per distinct patient. */
    private static void assertReceived(TestRecords records, int sessions, int patients) {
        for (String type : List.of("Procedure", "Encounter")) {
            List<String> values = Received.identifierValues(FHIR, type, records.system() + "/session");
            assertThat(values).as(type).hasSize(sessions);
            assertThat(new HashSet<>(values)).hasSize(sessions);
        }
        List<String> patientIds = Received.identifierValues(FHIR, "Patient", records.system() + "/patient");
        assertThat(patientIds).hasSize(patients);
        assertThat(new HashSet<>(patientIds)).hasSize(patients);
    }

    private static Path writeEcJwk(Path file) {
        try {
            return Files.writeString(file, new ECKeyGenerator(Curve.P_384).keyID(NEXT_KID).generate().toJSONString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
