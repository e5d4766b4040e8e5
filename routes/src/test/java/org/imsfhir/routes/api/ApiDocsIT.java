package org.imsfhir.routes.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.RestRegistry;
import org.imsfhir.routes.it.ServiceIT;
import org.imsfhir.routes.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The API description (docs/api.md): generated from the REST DSL at /v3/api-docs, every operation
 * and parameter described, every REST route in it, error answers with the OperationOutcome model,
 * and equal to the committed copy docs/openapi.json. After a deliberate change of the API, write the
 * copy again with {@code -Dopenapi.write=true} and commit it.
 */
class ApiDocsIT extends ServiceIT {

    /** docs/openapi.json, from the routes module's folder. */
    static final Path COMMITTED = Path.of("..", "docs", "openapi.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    CamelContext camel;

    @Test
    void theGeneratedDocumentDescribesEveryOperationAndMatchesTheCommittedCopy() throws Exception {
        assertThat(new Http("http://localhost:" + port).get(ApiDocs.PATH).status()).isEqualTo(401);
        Http.Answer answer = http.get(ApiDocs.PATH);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode doc = JSON.readTree(answer.body());
        assertThat(doc.path("openapi").asText()).startsWith("3.");

        List<String> undescribed = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String name = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            operations.add(name);
            JsonNode o = op.getValue();
            if (o.path("description").asText(o.path("summary").asText("")).isBlank()) {
                undescribed.add(name);
            }
            for (JsonNode p : o.path("parameters")) {
                if (p.path("description").asText("").isBlank()) {
                    undescribed.add(name + " parameter " + p.path("name").asText());
                }
            }
            o.path("responses").fields().forEachRemaining(r -> {
                if (r.getValue().path("description").asText("").isBlank()) {
                    undescribed.add(name + " answer " + r.getKey());
                }
                if (!r.getKey().matches("\\d{3}")) {
                    undescribed.add(name + " answer " + r.getKey() + " without a status code");
                } else if (r.getKey().compareTo("400") >= 0 && !r.getValue().has("content")) {
                    undescribed.add(name + " answer " + r.getKey() + " without its body (an OperationOutcome or a typed answer)");
                }
            });
        }));
        assertThat(undescribed).as("operations, parameters and answers without a description").isEmpty();

        // Every REST route the application serves is in the document.
        for (RestRegistry.RestService rest : camel.getRestRegistry().listAllRestServices()) {
            String path = rest.getUrl().replaceFirst("^[a-z]+://[^/]+", "");
            if (path.equals(ApiDocs.PATH)) {
                continue;
            }
            assertThat(operations).as("REST route %s %s in the API description", rest.getMethod(), path)
                    .contains(rest.getMethod().toUpperCase(Locale.ROOT) + " " + path);
        }
        assertThat(operations).contains("POST /ims/sessions", "GET /ims/sessions/{id}", "GET /ims/registries/{registry}/batches");

        String generated = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(normalised(doc)) + "\n";
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(COMMITTED)).as("docs/openapi.json is committed (write it with -Dopenapi.write=true)").isTrue();
        assertThat(normalised(JSON.readTree(Files.readString(COMMITTED))))
                .as("the generated API description differs from docs/openapi.json: if the change is meant, run"
                        + " ApiDocsIT with -Dopenapi.write=true and commit the file")
                .isEqualTo(normalised(doc));
    }

    @Test
    void swaggerUiIsServedByTheServiceForReaders() {
        assertThat(new Http("http://localhost:" + port).get("/api-ui/index.html").status()).isEqualTo(401);
        Http.Answer page = http.get("/api-ui/index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui-bundle.js", "ims-api-docs.js").doesNotContain("https://");
        assertThat(http.get("/api-ui/swagger-ui-bundle.js").status()).isEqualTo(200);
        assertThat(http.get("/api-ui/ims-api-docs.js").body()).contains(ApiDocs.PATH);
    }

    /** The document without what varies per run (the server's address and port). */
    private static JsonNode normalised(JsonNode doc) {
        ObjectNode copy = doc.deepCopy();
        copy.remove("servers");
        return copy;
    }
}
