package org.imsfhir.routes.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.imsfhir.routes.outbound.AdapterKeys;
import org.imsfhir.routes.outbound.OutboundProperties;
import org.imsfhir.routes.outbound.ReceiverClient;
import org.imsfhir.routes.outbound.ReceiverClients;
import org.imsfhir.routes.store.DeliveryTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;

/** The verdict on each kind of receiver answer, against a stub HTTP server on a free port. */
class FhirTransactionSenderTest {

    private static final Instant NOW = Instant.parse("2026-11-02T18:00:00Z");
    private static final DeliveryTask TASK = new DeliveryTask(1, 1, "ehr", "https://x.example|S-1", 0,
            "{\"resourceType\":\"Bundle\",\"type\":\"transaction\"}", "node", "token");

    private HttpServer server;
    private final AtomicReference<Map<String, List<String>>> requestHeaders = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private FhirTransactionSender senderAnswering(int status, String body, Map<String, String> headers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fhir", exchange -> {
            requestHeaders.set(Map.copyOf(exchange.getRequestHeaders()));
            exchange.getRequestBody().readAllBytes();
            if (status == 0) {
                try {
                    release.await(10, TimeUnit.SECONDS); // never answers in time
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == 0 ? 200 : status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return sender("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir/", "Bearer test-token");
    }

    private static FhirTransactionSender sender(String baseUrl, String auth) {
        ReceiverClients receivers = new ReceiverClients(OutboundProperties.defaults(), AdapterKeys.none(),
                new DefaultSslBundleRegistry(), FhirContext.forR4Cached(), Clock.fixed(NOW, ZoneOffset.UTC), null);
        ReceiverClient receiver = receivers.create(new ReceiverClients.Spec("ehr", "ims.delivery.destinations.ehr", "base-url",
                URI.create(baseUrl), null, auth, null, Duration.ofSeconds(2), Duration.ofMillis(500)));
        return new FhirTransactionSender(baseUrl, receiver, FhirContext.forR4Cached());
    }

    private static String transactionResponse(String... statuses) {
        StringBuilder entries = new StringBuilder();
        for (String s : statuses) {
            entries.append(entries.isEmpty() ? "" : ",").append("{\"response\":{\"status\":\"").append(s).append("\"}}");
        }
        return "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\",\"entry\":[" + entries + "]}";
    }

    @Test
    void allEntriesSucceededIsDelivered() throws IOException {
        SendResult result = senderAnswering(200, transactionResponse("201 Created", "200 OK"), Map.of()).send(TASK);

        assertThat(result.verdict()).isEqualTo(SendResult.Verdict.DELIVERED);
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(requestHeaders.get().get("Authorization")).containsExactly("Bearer test-token");
        assertThat(requestHeaders.get().get("Content-type").get(0)).startsWith("application/fhir+json");
    }

    @Test
    void aFailedEntryIsARefusal() throws IOException {
        SendResult result = senderAnswering(200, transactionResponse("201 Created", "400 Bad Request"), Map.of()).send(TASK);

        assertThat(result.verdict()).isEqualTo(SendResult.Verdict.REFUSED);
        assertThat(result.error()).contains("400 Bad Request");
    }

    @Test
    void twoHundredWithoutATransactionResponseIsRetried() throws IOException {
        assertThat(senderAnswering(200, "<html>proxy</html>", Map.of()).send(TASK).verdict())
                .isEqualTo(SendResult.Verdict.RETRY);
    }

    @Test
    void serviceUnavailableIsRetriedWithItsRetryAfterSeconds() throws IOException {
        SendResult result = senderAnswering(503, "", Map.of("Retry-After", "7")).send(TASK);

        assertThat(result.verdict()).isEqualTo(SendResult.Verdict.RETRY);
        assertThat(result.httpStatus()).isEqualTo(503);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void tooManyRequestsIsRetriedWithItsRetryAfterDate() throws IOException {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(NOW.plusSeconds(90), ZoneOffset.UTC));
        SendResult result = senderAnswering(429, "", Map.of("Retry-After", date)).send(TASK);

        assertThat(result.verdict()).isEqualTo(SendResult.Verdict.RETRY);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aClientErrorWithAnOperationOutcomeIsRefusedWithTheReasons() throws IOException {
        String outcome = """
                {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid",
                 "diagnostics":"Procedure.subject is required","expression":["Bundle.entry[3].resource.subject"]}]}""";
        SendResult result = senderAnswering(422, outcome, Map.of("Content-Type", "application/fhir+json")).send(TASK);

        assertThat(result.verdict()).isEqualTo(SendResult.Verdict.REFUSED);
        assertThat(result.httpStatus()).isEqualTo(422);
        assertThat(result.error()).contains("Procedure.subject is required").contains("Bundle.entry[3].resource.subject");
        assertThat(result.responseBody()).contains("OperationOutcome");
    }

    @Test
    void aConnectionRefusedIsRetried() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SendResult result = sender("http://127.0.0.1:" + port + "/fhir", null).send(TASK);

        assertThat(result.verdict()).isEqualTo(SendResult.Verdict.RETRY);
        assertThat(result.httpStatus()).isNull();
        assertThat(result.error()).startsWith("network error");
    }

    @Test
    void aReceiverTooSlowToAnswerIsRetried() throws IOException {
        SendResult result = senderAnswering(0, "", Map.of()).send(TASK);

        assertThat(result.verdict()).isEqualTo(SendResult.Verdict.RETRY);
        assertThat(result.error()).startsWith("timeout");
    }
}
