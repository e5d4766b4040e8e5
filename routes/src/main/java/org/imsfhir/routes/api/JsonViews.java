package org.imsfhir.routes.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.imsfhir.routes.intake.IntakeResult;
import org.imsfhir.routes.intake.RecordOutcome;
import org.imsfhir.routes.pipeline.Outcomes;
import org.imsfhir.routes.store.AuditEntry;
import org.imsfhir.routes.store.StoredDelivery;

/** The JSON the API and the inbox reports answer with. OperationOutcomes are embedded as FHIR JSON. */
public final class JsonViews {

    private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private JsonViews() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode outcome(OperationOutcome outcome) {
        return fhirJson(Outcomes.toJson(outcome));
    }

    public static JsonNode fhirJson(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The per-record answer to a payload, for a caller who may see everything (the inbox reports). */
    public static ObjectNode intake(IntakeResult result, boolean onlyFailures) {
        return intake(result, onlyFailures, true);
    }

    /** The per-record answer to a payload; {@code phi}: see {@link PhiRedaction}. */
    public static ObjectNode intake(IntakeResult result, boolean onlyFailures, boolean phi) {
        ObjectNode root = object();
        root.put("intakeId", result.intakeId());
        root.put("received", result.records().size());
        root.put("accepted", result.accepted());
        root.put("rejected", result.rejected());
        ArrayNode records = root.putArray(onlyFailures ? "failures" : "records");
        for (RecordOutcome r : result.records()) {
            if (onlyFailures && r.accepted()) {
                continue;
            }
            ObjectNode node = records.addObject();
            node.put("index", r.index());
            if (r.line() > 0) {
                node.put("line", r.line());
            }
            node.put("id", r.publicId());
            node.put("sessionKey", r.sessionKey());
            node.put("status", r.status().name());
            node.put("statusUrl", "/ims/sessions/" + r.publicId());
            if (r.outcome() != null && r.outcome().hasIssue()) {
                node.set("outcome", PhiRedaction.outcome(outcome(r.outcome()), phi));
            }
        }
        return root;
    }

    /** A delivery as a caller may see it; {@code phi}: see {@link PhiRedaction}. */
    public static ObjectNode delivery(StoredDelivery d, boolean phi) {
        ObjectNode node = object();
        node.put("id", d.publicId());
        node.put("messageId", d.messagePublicId());
        node.put("destination", d.destination());
        node.put("sessionKey", d.sessionKey());
        node.put("status", d.status().name());
        node.put("attempts", d.attempts());
        put(node, "nextAttemptAt", d.status().name().equals("PENDING") ? d.nextAttemptAt() : null);
        node.put("lastError", PhiRedaction.text(d.lastError(), phi));
        if (d.responseStatus() != null) {
            node.put("responseStatus", d.responseStatus());
        }
        put(node, "createdAt", d.createdAt());
        put(node, "deliveredAt", d.deliveredAt());
        return node;
    }

    /**
     * One state change of a session's trail. {@code deliveryPublicId} names the delivery by its public
     * id; details of delivery attempts quote receivers and follow {@link PhiRedaction}.
     */
    public static ObjectNode audit(AuditEntry a, String deliveryPublicId, boolean phi) {
        ObjectNode node = object();
        if (a.deliveryId() != null) {
            node.put("deliveryId", deliveryPublicId);
            node.put("destination", a.destination());
        }
        node.put("from", a.fromStatus());
        node.put("to", a.toStatus());
        if (a.actor() != null) {
            node.put("actor", a.actor());
        }
        if (a.detail() != null) {
            node.put("detail", a.deliveryId() == null ? a.detail() : PhiRedaction.text(a.detail(), phi));
        }
        put(node, "at", a.at());
        return node;
    }

    static void put(ObjectNode node, String field, OffsetDateTime time) {
        if (time != null) {
            node.put(field, time.toString());
        }
    }
}
