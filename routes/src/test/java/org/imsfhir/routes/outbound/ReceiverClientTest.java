package org.imsfhir.routes.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.imsfhir.routes.delivery.SendResult;
import org.imsfhir.routes.store.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The one receiver client against a stub receiver and a stub token endpoint: tokens fetched once and
 * reused until shortly before they expire, a 401 answered with one fresh token and one more send, the
 * token endpoint's refusals as plain reasons (never the secret), SMART discovery, and the status rules.
 */
class ReceiverClientTest {

    private static final String SECRET = "client-secret-sentinel-7Qx";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T18:00:00Z"));
    private final AtomicInteger issued = new AtomicInteger();
    /** What the receiver answers a valid token with, by default 200. */
    private volatile int status = 200;
    /** Tokens the receiver refuses (401). */
    private final List<String> refusedTokens = new ArrayList<>();
    private volatile StubServer.Answer tokenAnswer;
    private StubServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A token endpoint at /token issuing tok-1, tok-2, ... (10 s), a SMART configuration and a receiver at /fhir. */
    private StubServer start() {
        server = new StubServer(r -> switch (r.path()) {
            case "/token" -> tokenAnswer != null ? tokenAnswer
                    : StubServer.Answer.json(200, "{\"access_token\":\"tok-" + issued.incrementAndGet()
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":10,\"scope\":\"system/Procedure.cu\"}");
            case "/fhir/.well-known/smart-configuration" -> StubServer.Answer.json(200,
                    "{\"token_endpoint\":\"" + server.uri("/token") + "\"}");
            default -> {
                String auth = r.header("Authorization");
                boolean refused = auth == null || refusedTokens.contains(auth.substring("Bearer ".length()));
                yield StubServer.Answer.of(refused ? 401 : status, "{}");
            }
        });
        return server;
    }

    private ReceiverClient clientCredentials(OutboundAuth.ClientAuthMethod method) {
        return OutboundTestSupport.client(OutboundTestSupport.receivers(clock, AdapterKeys.none(), DataSize.ofMegabytes(1)),
                server.uri("/fhir"), OutboundTestSupport.clientCredentials(server.uri("/token"), "ims adapter", SECRET, method,
                        "system/Procedure.cu"));
    }

    private ReceiverAnswer send(ReceiverClient client) {
        return client.exchange(HttpRequest.newBuilder(server.uri("/fhir")).POST(HttpRequest.BodyPublishers.ofString("{}")), true);
    }

    @Test
    void oneTokenServesManyParallelSendsUntilShortlyBeforeItExpires() throws Exception {
        start();
        ReceiverClient client = clientCredentials(OutboundAuth.ClientAuthMethod.BASIC);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ReceiverAnswer>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                answers.add(pool.submit(() -> send(client)));
            }
            for (Future<ReceiverAnswer> a : answers) {
                assertThat(a.get().ok()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.requests("/token")).as("one token request for 40 parallel sends").hasSize(1);

        clock.advance(Duration.ofSeconds(7)); // a 10 s token is used until 2 s (a fifth of its life) before it expires
        assertThat(send(client).ok()).isTrue();
        assertThat(server.requests("/token")).hasSize(1);
        clock.advance(Duration.ofMillis(1500));
        assertThat(send(client).ok()).isTrue();
        assertThat(server.requests("/token")).hasSize(2);
        assertThat(server.requests("/fhir").get(server.requests("/fhir").size() - 1).header("Authorization")).isEqualTo("Bearer tok-2");
    }

    @Test
    void a401DropsTheTokenAndOneFreshTokenIsTriedOnceBeforeItCounts() {
        start();
        ReceiverClient client = clientCredentials(OutboundAuth.ClientAuthMethod.BASIC);
        assertThat(send(client).ok()).isTrue();
        refusedTokens.add("tok-1"); // the receiver no longer takes the cached token

        assertThat(send(client).ok()).isTrue();
        assertThat(server.requests("/token")).hasSize(2);
        assertThat(server.requests("/fhir")).hasSize(3);

        refusedTokens.add("tok-2");
        refusedTokens.add("tok-3"); // and not the next one either: the 401 counts, after one more try
        ReceiverAnswer refused = send(client);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.failure().verdict()).isEqualTo(SendResult.Verdict.REFUSED);
        assertThat(refused.failure().httpStatus()).isEqualTo(401);
        assertThat(server.requests("/token")).hasSize(3);
        assertThat(server.requests("/fhir")).hasSize(5);
    }

    @Test
    void theTokenEndpointsRefusalIsAPlainReasonWithoutTheSecretAndIsNotAskedAgainAtOnce() {
        start();
        tokenAnswer = StubServer.Answer.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
        ReceiverClient client = clientCredentials(OutboundAuth.ClientAuthMethod.POST);

        ReceiverAnswer answer = send(client);
        assertThat(answer.failure().verdict()).as("waits as a failure, retried later").isEqualTo(SendResult.Verdict.RETRY);
        assertThat(answer.failure().error())
                .isEqualTo("token endpoint refused the adapter: HTTP 401 invalid_client (Client authentication failed)")
                .doesNotContain(SECRET);
        assertThat(server.requests("/fhir")).as("nothing sent without a token").isEmpty();
        assertThat(form(server.requests("/token").get(0).body())).containsEntry("client_id", "ims adapter")
                .containsEntry("client_secret", SECRET).containsEntry("grant_type", "client_credentials");

        assertThat(send(client).failure().error()).contains("invalid_client");
        assertThat(server.requests("/token")).as("a refusal is remembered for a few seconds").hasSize(1);
        clock.advance(AccessTokens.FAILURE_HOLD.plusSeconds(1));
        tokenAnswer = null;
        assertThat(send(client).ok()).isTrue();
        assertThat(server.requests("/token")).hasSize(2);
    }

    @Test
    void clientSecretBasicEncodesIdAndSecretTheOAuthWay() {
        start();
        assertThat(send(clientCredentials(OutboundAuth.ClientAuthMethod.BASIC)).ok()).isTrue();
        StubServer.Request token = server.requests("/token").get(0);
        String basic = new String(java.util.Base64.getDecoder().decode(token.header("Authorization").substring(6)), StandardCharsets.UTF_8);
        assertThat(basic).isEqualTo("ims+adapter:" + SECRET);
        assertThat(form(token.body())).doesNotContainKey("client_secret").containsEntry("scope", "system/Procedure.cu");
    }

    @Test
    void smartBackendDiscoversTheTokenEndpointOnceAndSendsASignedAssertionInsteadOfASecret(@TempDir Path dir) {
        start();
        ReceiverClients receivers = OutboundTestSupport.receivers(clock, OutboundTestSupport.keys(dir, "rsa-1", "ec-1"),
                DataSize.ofMegabytes(1));
        ReceiverClient client = OutboundTestSupport.client(receivers, server.uri("/fhir"),
                OutboundTestSupport.smartBackend(null, "ims-adapter", "system/Procedure.cu system/Patient.cu"));

        assertThat(send(client).ok()).isTrue();
        clock.advance(Duration.ofSeconds(9));
        assertThat(send(client).ok()).isTrue();

        assertThat(server.requests("/fhir/.well-known/smart-configuration")).hasSize(1);
        assertThat(server.requests("/token")).hasSize(2);
        Map<String, String> form = form(server.requests("/token").get(0).body());
        assertThat(form).containsEntry("grant_type", "client_credentials")
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .containsEntry("scope", "system/Procedure.cu system/Patient.cu")
                .doesNotContainKeys("client_secret", "client_id");
        assertThat(form.get("client_assertion")).startsWith("eyJ");
        assertThat(server.requests("/token").get(0).header("Authorization")).isNull();
    }

    @Test
    void theStatusRulesAreTheSameForEverySender() {
        Map<Integer, StubServer.Answer> answers = new HashMap<>();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(clock.instant().plusSeconds(90), ZoneOffset.UTC));
        server = new StubServer(r -> answers.get(Integer.parseInt(r.path().substring(1))));
        answers.put(409, StubServer.Answer.of(409, ""));
        answers.put(410, new StubServer.Answer(409, Map.of("Retry-After", "3"), ""));
        answers.put(425, new StubServer.Answer(425, Map.of("Retry-After", date), ""));
        answers.put(400, new StubServer.Answer(400, Map.of("Content-Type", "application/fhir+json"), """
                {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid",
                 "diagnostics":"Claim.insurance is required","expression":["Claim.insurance"]}]}"""));
        answers.put(503, StubServer.Answer.of(503, ""));
        ReceiverClient client = OutboundTestSupport.client(OutboundTestSupport.receivers(clock, AdapterKeys.none(), DataSize.ofMegabytes(1)),
                server.uri("/"), OutboundTestSupport.header("Bearer static"));

        assertThat(at(client, 409, false).verdict()).as("409 from a receiver that names no retry").isEqualTo(SendResult.Verdict.REFUSED);
        assertThat(at(client, 409, true).verdict()).as("409 from a FHIR server (concurrent write)").isEqualTo(SendResult.Verdict.RETRY);
        SendResult saidSo = at(client, 410, false);
        assertThat(saidSo.verdict()).as("409 with Retry-After").isEqualTo(SendResult.Verdict.RETRY);
        assertThat(saidSo.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        SendResult tooEarly = at(client, 425, false);
        assertThat(tooEarly.verdict()).isEqualTo(SendResult.Verdict.RETRY);
        assertThat(tooEarly.retryAfter()).isEqualTo(Duration.ofSeconds(90));
        SendResult refused = at(client, 400, false);
        assertThat(refused.verdict()).isEqualTo(SendResult.Verdict.REFUSED);
        assertThat(refused.error()).isEqualTo("HTTP 400: error Claim.insurance: Claim.insurance is required");
        assertThat(at(client, 503, false).verdict()).isEqualTo(SendResult.Verdict.RETRY);
        assertThat(server.requests.get(0).header("Authorization")).isEqualTo("Bearer static");
    }

    private SendResult at(ReceiverClient client, int path, boolean conflictIsTransient) {
        return client.exchange(HttpRequest.newBuilder(server.uri("/" + path)).GET(), conflictIsTransient).failure();
    }

    @Test
    void anAnswerLargerThanTheCapIsNotReadWhole() {
        server = new StubServer(r -> StubServer.Answer.of(200, "x".repeat(200_000)));
        ReceiverClient client = OutboundTestSupport.client(OutboundTestSupport.receivers(clock, AdapterKeys.none(),
                DataSize.ofKilobytes(16)), server.uri("/fhir"), OutboundAuth.NONE);

        ReceiverAnswer answer = send(client);
        assertThat(answer.ok()).isFalse();
        assertThat(answer.failure().verdict()).isEqualTo(SendResult.Verdict.RETRY);
        assertThat(answer.failure().error()).contains("larger than 16384 bytes");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
