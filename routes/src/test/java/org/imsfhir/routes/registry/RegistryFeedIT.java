package org.imsfhir.routes.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.Operator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service with two registry feeds: one run on demand through the REST API, one on a
 * 2-second cron. Three sample records go in over REST (two patients consent, one does not); each
 * feed delivers the two consenting sessions once, pseudonymised, in the Bulk Data layout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistryFeedIT {
    private static final Path WORK = tempDir();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SAMPLES = List.of("valid-01-lumbar-radiculopathy.json",
            "valid-03-neck-pain-snomed.json", "valid-05-shoulder-us-cpt-20561.json");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add(Operator.PROPERTY, Operator.CREDENTIAL_FILE::toString);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:registry-feed-it;DB_CLOSE_DELAY=-1");
        registry.add("ims.intake.inbox.dir", () -> WORK.resolve("inbox").toString());
        registry.add("ims.delivery.destinations.ehr.kind", () -> "noop");
        // The on-demand call answers when its batch is delivered; the first one also builds the
        // profile validator (tens of seconds on a busy 2-core machine), beyond the 30 s default.
        registry.add("spring.mvc.async.request-timeout", () -> "180s");
        registry.add("ims.registry.feeds.national-ims.enabled", () -> "false");
        registry.add("ims.registry.feeds.on-demand.cron", () -> "0 0 0 1 1 *");
        registry.add("ims.registry.feeds.on-demand.dir", () -> WORK.resolve("on-demand").toString());
        registry.add("ims.registry.feeds.on-demand.secret", () -> "registry-it-key-not-real-0001-at-least-32-bytes");
        registry.add("ims.registry.feeds.scheduled.cron", () -> "*/2 * * * * *");
        registry.add("ims.registry.feeds.scheduled.dir", () -> WORK.resolve("scheduled").toString());
        registry.add("ims.registry.feeds.scheduled.secret", () -> "registry-it-key-not-real-0002-at-least-32-bytes");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("registry-feed-it");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    @Test
    void onDemandAndScheduledBatchesCarryTheConsentingSessionsOnce() throws Exception {
        Http http = Operator.http(port);
        List<JsonNode> records = new ArrayList<>();
        for (String name : SAMPLES) {
            String text = resource("/samples/valid/" + name);
            records.add(JSON.readTree(text));
            Http.Answer answer = http.post("/ims/sessions", "application/json", text);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().at("/records/0/status").asText()).isEqualTo("VALID");
        }
        List<String> consenting = records.stream().filter(r -> r.at("/patient/registryConsent").asBoolean(false))
                .map(r -> r.get("sessionId").asText()).toList();
        assertThat(consenting).hasSize(2);

        Http.Answer run = http.post("/ims/registries/on-demand/batches", "application/json", "");
        assertThat(run.status()).isEqualTo(200);
        assertThat(run.json().get("result").asText()).isEqualTo("DELIVERED");
        String batchId = run.json().at("/batch/batchId").asText();
        assertThat(run.json().at("/batch/sessions").asInt()).isEqualTo(2);
        assertThat(WORK.resolve("on-demand").resolve(batchId).resolve("manifest.json")).exists();
        assertThat(sessions(WORK.resolve("on-demand"))).containsExactlyInAnyOrderElementsOf(consenting);

        Http.Answer again = http.post("/ims/registries/on-demand/batches", "application/json", "");
        assertThat(again.json().get("result").asText()).isEqualTo("NOTHING_NEW");
        Http.Answer list = http.get("/ims/registries/on-demand/batches");
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0).get("state").asText()).isEqualTo("DELIVERED");
        assertThat(http.post("/ims/registries/no-such-registry/batches", "application/json", "").status()).isEqualTo(404);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(sessions(WORK.resolve("scheduled"))).containsExactlyInAnyOrderElementsOf(consenting));

        String everything = allText(WORK.resolve("on-demand")) + allText(WORK.resolve("scheduled"));
        for (JsonNode r : records) {
            JsonNode p = r.get("patient");
            for (String id : List.of(p.get("family").asText(), p.get("id").asText(), p.get("birthDate").asText(),
                    p.at("/healthNumber/value").asText(), p.get("postalCode").asText())) {
                if (!id.isEmpty()) {
                    assertThat(everything).doesNotContain(id);
                }
            }
        }
    }

    private static List<String> sessions(Path feedDir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(feedDir)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(feedDir)) {
            for (Path f : walk.filter(p -> p.getFileName().toString().equals("Procedure.ndjson"))
                    .filter(p -> !p.toString().contains(".staging")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    out.add(JSON.readTree(line).at("/identifier/0/value").asText());
                }
            }
        }
        return out;
    }

    private static String allText(Path root) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                sb.append(Files.readString(f));
            }
        }
        return sb.toString();
    }

    private static String resource(String path) {
        try (InputStream in = RegistryFeedIT.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
