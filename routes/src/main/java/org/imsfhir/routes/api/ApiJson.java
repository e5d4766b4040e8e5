package org.imsfhir.routes.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.imsfhir.routes.pipeline.Outcomes;

/**
 * How the service writes its JSON answers and reports: Spring Boot's one {@code ObjectMapper}
 * (the {@code spring.jackson.*} settings), pretty-printed for people reading answers. FHIR
 * resources (OperationOutcomes) are encoded by HAPI and embedded as JSON trees.
 */
public class ApiJson {

    private final ObjectMapper mapper;

    public ApiJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A typed answer (a record of {@code api.view}) or a tree, as the body of a response or report. */
    public String write(Object answer) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stored JSON (an OperationOutcome, a claim's errors) as a tree to embed; null stays null. */
    public JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A typed answer as a tree (for reports that renumber or merge answers). */
    public JsonNode toTree(Object answer) {
        return mapper.valueToTree(answer);
    }

    public JsonNode outcome(OperationOutcome outcome) {
        return tree(Outcomes.toJson(outcome));
    }

    public ObjectNode object() {
        return mapper.createObjectNode();
    }
}
