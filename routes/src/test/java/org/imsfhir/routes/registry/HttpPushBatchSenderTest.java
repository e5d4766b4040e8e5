package org.imsfhir.routes.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.imsfhir.routes.delivery.SendResult;
import org.imsfhir.routes.outbound.AdapterKeys;
import org.imsfhir.routes.outbound.OutboundProperties;
import org.imsfhir.routes.outbound.ReceiverClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;

/** HTTP push against a local JDK HTTP server: every file PUT, the manifest last; status codes to verdicts. */
class HttpPushBatchSenderTest {
    private HttpServer server;
    private final List<String> puts = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(201);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/registry/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            puts.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + new String(body, StandardCharsets.UTF_8).strip() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpPushBatchSender sender() {
        return sender(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/registry"), "Bearer test-token",
                Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private static HttpPushBatchSender sender(URI pushUrl, String authHeader, Duration connectTimeout, Duration readTimeout) {
        ReceiverClients receivers = new ReceiverClients(OutboundProperties.defaults(), AdapterKeys.none(),
                new DefaultSslBundleRegistry(), FhirContext.forR4Cached(), Clock.systemUTC(), null);
        return new HttpPushBatchSender(pushUrl, receivers.create(new ReceiverClients.Spec("registry", "ims.registry.feeds.r",
                "push-url", pushUrl, null, authHeader, null, connectTimeout, readTimeout)));
    }

    private static Path batch(Path dir) throws IOException {
        Files.writeString(dir.resolve("Procedure.ndjson"), "{\"resourceType\":\"Procedure\"}\n");
        Files.writeString(dir.resolve("Patient.ndjson"), "{\"resourceType\":\"Patient\"}\n");
        Files.writeString(dir.resolve("manifest.json"), "{}\n");
        return dir;
    }

    @Test
    void putsEveryFileThenTheManifestLast(@TempDir Path dir) throws IOException {
        SendResult result = sender().send("reg-0-9", batch(dir));

        assertThat(result.verdict()).isEqualTo(SendResult.Verdict.DELIVERED);
        assertThat(puts).containsExactly(
                "PUT /registry/reg-0-9/Patient.ndjson {\"resourceType\":\"Patient\"} Bearer test-token",
                "PUT /registry/reg-0-9/Procedure.ndjson {\"resourceType\":\"Procedure\"} Bearer test-token",
                "PUT /registry/reg-0-9/manifest.json {} Bearer test-token");
    }

    @Test
    void serverErrorsAreRetriedAndOther4xxRefused(@TempDir Path dir) throws IOException {
        status.set(503);
        assertThat(sender().send("b", batch(dir)).verdict()).isEqualTo(SendResult.Verdict.RETRY);
        assertThat(puts).hasSize(1); // stops at the first failure: the manifest is never sent
        status.set(429);
        assertThat(sender().send("b", dir).verdict()).isEqualTo(SendResult.Verdict.RETRY);
        status.set(403);
        assertThat(sender().send("b", dir).verdict()).isEqualTo(SendResult.Verdict.REFUSED);
    }

    @Test
    void aReceiverThatIsDownIsRetried(@TempDir Path dir) throws IOException {
        int port = server.getAddress().getPort();
        server.stop(0);
        HttpPushBatchSender down = sender(URI.create("http://127.0.0.1:" + port + "/registry/"),
                null, Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(down.send("b", batch(dir)).verdict()).isEqualTo(SendResult.Verdict.RETRY);
    }
}
