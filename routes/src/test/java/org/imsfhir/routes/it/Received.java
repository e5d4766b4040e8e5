package org.imsfhir.routes.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.imsfhir.fixtures.FhirTestServer;

/**
 * What the FHIR test server holds for one sending system, read back by search: the identifier
 * values of every current resource of a type in one identifier system (one entry per resource, so
 * a duplicate shows as a repeated value).
 */
final class Received {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Received() {
    }

    /** Identifier values in {@code system} of every {@code resourceType} resource that has one, paging through the search. */
    static List<String> identifierValues(FhirTestServer fhir, String resourceType, String system) {
        List<String> values = new ArrayList<>();
        String next = resourceType + "?identifier=" + URLEncoder.encode(system + "|", StandardCharsets.UTF_8)
                + "&_elements=identifier&_count=500";
        while (next != null) {
            JsonNode page = read(fhir.get(next));
            for (JsonNode entry : page.path("entry")) {
                for (JsonNode identifier : entry.path("resource").path("identifier")) {
                    if (system.equals(identifier.path("system").asText())) {
                        values.add(identifier.path("value").asText());
                    }
                }
            }
            next = null;
            for (JsonNode link : page.path("link")) {
                if ("next".equals(link.path("relation").asText())) {
                    next = link.path("url").asText();
                }
            }
        }
        return values;
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
