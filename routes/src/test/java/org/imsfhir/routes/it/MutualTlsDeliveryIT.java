package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.imsfhir.fixtures.FhirTestServer;
import org.imsfhir.fixtures.ReceiverGate;
import org.imsfhir.fixtures.tls.KeyStores;
import org.imsfhir.fixtures.tls.TestPki;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.Operator;
import org.imsfhir.routes.support.TestDirs;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Mutual TLS to receivers that require a client certificate (certificates made by the test: a receiver
 * CA, and an unrelated CA), through Spring SSL bundles per destination. EHR destinations on one gate in
 * front of the HAPI JPA server: the adapter's certificate from a PKCS12 key store delivers; no
 * certificate, a certificate from an unknown CA, and no trust in the receiver's CA each fail with a
 * reason that says what is wrong. A registry feed pushes its batch over mutual TLS (PEM files) to a
 * second gate.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MutualTlsDeliveryIT {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final String ADAPTER_SUBJECT = "CN=ims-adapter,O=IMS Adapter";
    private static final Path WORK = TestDirs.create("mutual-tls-it");
    private static final TestPki RECEIVER_CA = TestPki.create(WORK, "Receiver CA");
    private static final TestPki UNKNOWN_CA = TestPki.create(WORK, "Unknown CA");
    private static final TestPki.Issued ADAPTER = RECEIVER_CA.issueClient(ADAPTER_SUBJECT, List.of());
    private static final Path ADAPTER_P12 = ADAPTER.pkcs12(PASSWORD);
    private static final Path CA_P12 = KeyStores.write(KeyStores.trustStore(List.of(RECEIVER_CA.caCertificate())),
            WORK.resolve("receiver-ca.p12"), PASSWORD);
    private static final TestPki.Issued STRANGER = UNKNOWN_CA.issueClient("CN=ims-adapter,O=Unknown CA client", List.of());
    private static final FhirTestServer FHIR = TestFhir.shared();
    private static final ReceiverGate EHR = ReceiverGate.inFrontOf(FHIR.baseUrl())
            .mutualTls(RECEIVER_CA.serverContext(RECEIVER_CA.issueServer("ehr.test"))).start();
    private static final RegistryReceiver REGISTRY = new RegistryReceiver();
    private static final ReceiverGate REGISTRY_GATE = ReceiverGate.inFrontOf(REGISTRY.baseUrl())
            .mutualTls(RECEIVER_CA.serverContext(RECEIVER_CA.issueServer("registry.test"))).start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:mutual-tls-it;DB_CLOSE_DELAY=-1");
        r.add(Operator.PROPERTY, Operator.CREDENTIAL_FILE::toString);
        r.add("ims.intake.inbox.enabled", () -> "false");
        r.add("ims.intake.inbox.dir", () -> WORK.resolve("inbox").toString());
        r.add("ims.delivery.poll-interval", () -> "100ms");
        // The adapter's certificate as PKCS12 (key store and trust store files) ...
        r.add("spring.ssl.bundle.jks.adapter-p12.keystore.location", () -> "file:" + ADAPTER_P12);
        r.add("spring.ssl.bundle.jks.adapter-p12.keystore.password", () -> new String(PASSWORD));
        r.add("spring.ssl.bundle.jks.adapter-p12.keystore.type", () -> "PKCS12");
        r.add("spring.ssl.bundle.jks.adapter-p12.truststore.location", () -> "file:" + CA_P12);
        r.add("spring.ssl.bundle.jks.adapter-p12.truststore.password", () -> new String(PASSWORD));
        r.add("spring.ssl.bundle.jks.adapter-p12.truststore.type", () -> "PKCS12");
        // ... and as PEM files.
        r.add("spring.ssl.bundle.pem.adapter-pem.keystore.certificate", () -> "file:" + ADAPTER.chainPem());
        r.add("spring.ssl.bundle.pem.adapter-pem.keystore.private-key", () -> "file:" + ADAPTER.privateKeyPem());
        r.add("spring.ssl.bundle.pem.adapter-pem.truststore.certificate", () -> "file:" + RECEIVER_CA.caCertificatePem());
        r.add("spring.ssl.bundle.pem.trust-only.truststore.certificate", () -> "file:" + RECEIVER_CA.caCertificatePem());
        r.add("spring.ssl.bundle.pem.stranger.keystore.certificate", () -> "file:" + STRANGER.chainPem());
        r.add("spring.ssl.bundle.pem.stranger.keystore.private-key", () -> "file:" + STRANGER.privateKeyPem());
        r.add("spring.ssl.bundle.pem.stranger.truststore.certificate", () -> "file:" + RECEIVER_CA.caCertificatePem());
        destination(r, "ehr", "adapter-p12");
        destination(r, "ehr-no-certificate", "trust-only");
        destination(r, "ehr-unknown-ca", "stranger");
        destination(r, "ehr-untrusted-receiver", null); // the JDK's CAs only: the receiver's test CA is not among them
        r.add("ims.registry.feeds.national-ims.enabled", () -> "false");
        String feed = "ims.registry.feeds.mtls-registry.";
        r.add(feed + "cron", () -> "0 0 0 1 1 *");
        r.add(feed + "secret", () -> "mutual-tls-it-registry-secret-not-real");
        r.add(feed + "dir", () -> WORK.resolve("registry").toString());
        r.add(feed + "push-url", () -> REGISTRY_GATE.baseUrl().toString());
        r.add(feed + "tls.bundle", () -> "adapter-pem");
        r.add("spring.mvc.async.request-timeout", () -> "180s");
    }

    private static void destination(DynamicPropertyRegistry r, String name, String bundle) {
        String p = "ims.delivery.destinations." + name + ".";
        r.add(p + "base-url", () -> EHR.baseUrl().toString());
        if (bundle != null) {
            r.add(p + "tls.bundle", () -> bundle);
        }
        r.add(p + "retry.max-attempts", () -> "2");
        r.add(p + "retry.initial-delay", () -> "200ms");
    }

    @AfterAll
    static void stop() {
        EHR.close();
        REGISTRY_GATE.close();
        REGISTRY.close();
    }

    @LocalServerPort
    int port;
    private Http http;

    @BeforeEach
    void client() {
        http = Operator.http(port);
    }

    @Test
    void aGoodCertificateDeliversAndNoneAnUnknownCaOrAnUntrustedReceiverFailWithAClearReason() {
        TestRecords records = new TestRecords("https://mutual-tls-it.example/ehr");
        String id = post(records.session(1, 1));

        Map<String, JsonNode> deliveries = awaitSettled(id, 4);
        assertThat(deliveries.get("ehr").get("status").asText()).isEqualTo("DELIVERED");
        assertThat(EHR.clientSubjects()).as("only the good certificate got through").containsExactly(ADAPTER_SUBJECT);
        assertThat(Received.identifierValues(FHIR, "Procedure", records.system() + "/session")).containsExactly("S-1");

        for (String refused : List.of("ehr-no-certificate", "ehr-unknown-ca")) {
            JsonNode d = deliveries.get(refused);
            assertThat(d.get("status").asText()).as(refused).isEqualTo("DEAD");
            // TLS 1.2 shows the receiver's alert; TLS 1.3 only a connection closed after the handshake. Either way the
            // reason names the client certificate and where it is configured.
            assertThat(d.get("lastError").asText()).as(refused).contains("TLS").contains("client certificate")
                    .contains("(none sent, or from a CA it does not trust)").contains("key store of the destination's tls.bundle");
        }
        JsonNode untrusted = deliveries.get("ehr-untrusted-receiver");
        assertThat(untrusted.get("status").asText()).isEqualTo("DEAD");
        assertThat(untrusted.get("lastError").asText()).contains("TLS handshake failed")
                .contains("the receiver's certificate is not trusted");
    }

    @Test
    void aRegistryBatchIsPushedOverMutualTls() {
        TestRecords records = new TestRecords("https://mutual-tls-it.example/registry");
        post(records.session(1, 1));
        post(records.session(2, 2));

        Http.Answer run = http.post("/ims/registries/mtls-registry/batches", "application/json", "");
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().get("result").asText()).isEqualTo("DELIVERED");
        String batchId = run.json().at("/batch/batchId").asText();
        assertThat(REGISTRY.files).containsKey("/registry/" + batchId + "/manifest.json")
                .containsKey("/registry/" + batchId + "/Procedure.ndjson");
        assertThat(REGISTRY.files.get("/registry/" + batchId + "/Procedure.ndjson")).contains("S-1", "S-2");
        assertThat(REGISTRY_GATE.clientSubjects()).containsExactly(ADAPTER_SUBJECT);
    }

    private String post(Object record) {
        Http.Answer answer = http.post("/ims/sessions", "application/json", TestRecords.json(record));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().at("/records/0/id").asText();
    }

    /** The session's deliveries by destination, once none is PENDING any more. */
    private Map<String, JsonNode> awaitSettled(String id, int destinations) {
        Map<String, JsonNode> byDestination = new ConcurrentHashMap<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            byDestination.clear();
            for (JsonNode d : http.get("/ims/sessions/" + id).json().get("deliveries")) {
                assertThat(d.get("status").asText()).isNotEqualTo("PENDING");
                byDestination.put(d.get("destination").asText(), d);
            }
            assertThat(byDestination).hasSize(destinations);
        });
        return byDestination;
    }

    /** A registry's HTTP push endpoint: keeps every file PUT under its path, answers 201. */
    private static final class RegistryReceiver implements AutoCloseable {
        final Map<String, String> files = new ConcurrentHashMap<>();
        private final HttpServer server;

        RegistryReceiver() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/registry/", exchange -> {
                files.put(exchange.getRequestURI().getPath(), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(201, -1);
                exchange.close();
            });
            server.start();
        }

        URI baseUrl() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/registry");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
