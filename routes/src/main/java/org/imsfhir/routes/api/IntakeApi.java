package org.imsfhir.routes.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.intake.IntakeResult;
import org.imsfhir.routes.intake.IntakeService;
import org.imsfhir.routes.pipeline.Outcomes;
import org.imsfhir.routes.pipeline.PayloadFormat;
import org.imsfhir.routes.store.AuditEntry;
import org.imsfhir.routes.store.Channel;
import org.imsfhir.routes.store.MessageStore;
import org.imsfhir.routes.store.StoredDelivery;
import org.imsfhir.routes.store.StoredMessage;

/**
 * {@code POST /ims/sessions} and {@code GET /ims/sessions/{id}}. Answers: 200 with one result per
 * record when at least one record was accepted; 422 when every record was rejected; 400 with an
 * OperationOutcome when the payload cannot be split into records (broken JSON, CSV header without
 * the required columns); 415 for a content type other than
 * JSON, NDJSON or CSV. (413 for an oversized body is answered before Camel, by the body limit filter.)
 */
public class IntakeApi {

    private final IntakeService intake;
    private final MessageStore store;
    private final List<SessionStatusDetails> details;

    public IntakeApi(IntakeService intake, MessageStore store) {
        this(intake, store, List.of());
    }

    public IntakeApi(IntakeService intake, MessageStore store, List<SessionStatusDetails> details) {
        this.intake = intake;
        this.store = store;
        this.details = List.copyOf(details);
    }

    public void post(Exchange exchange) {
        String contentType = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class);
        Optional<PayloadFormat> format = PayloadFormat.ofContentType(contentType);
        if (format.isEmpty()) {
            Responses.outcome(exchange, 415, Outcomes.error(IssueType.NOTSUPPORTED,
                    "Content-Type must be application/json, application/x-ndjson or text/csv"));
            return;
        }
        byte[] bytes = exchange.getIn().getBody(byte[].class);
        String body = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        if (body.isBlank()) {
            Responses.outcome(exchange, 400, Outcomes.error(IssueType.REQUIRED, "The request body is empty"));
            return;
        }
        IntakeResult result = intake.receive(Channel.REST, null, format.get(), contentType, body);
        if (result.unreadable()) {
            Responses.outcome(exchange, 400, result.records().get(0).outcome());
            return;
        }
        int status = result.accepted() > 0 ? 200 : 422;
        Responses.respond(exchange, status, Responses.JSON, JsonViews.write(JsonViews.intake(result, false)));
    }

    public void status(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        long messageId;
        try {
            messageId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            Responses.outcome(exchange, 404, Outcomes.error(IssueType.NOTFOUND, "No such session message"));
            return;
        }
        Optional<StoredMessage> found = store.message(messageId);
        if (found.isEmpty()) {
            Responses.outcome(exchange, 404, Outcomes.error(IssueType.NOTFOUND, "No such session message"));
            return;
        }
        StoredMessage m = found.get();
        ObjectNode root = JsonViews.object();
        root.put("id", String.valueOf(m.id()));
        root.put("intakeId", m.intakeId());
        root.put("recordIndex", m.recordIndex());
        root.put("sessionKey", m.sessionKey());
        root.put("status", m.status().name());
        JsonViews.put(root, "receivedAt", m.receivedAt());
        JsonViews.put(root, "updatedAt", m.updatedAt());
        List<AuditEntry> audit = store.auditOf(messageId);
        ArrayNode stages = root.putArray("stages");
        audit.stream().filter(a -> a.deliveryId() == null).forEach(a -> {
            ObjectNode stage = stages.addObject();
            stage.put("stage", a.toStatus());
            JsonViews.put(stage, "at", a.at());
        });
        if (m.outcome() != null) {
            root.set("outcome", JsonViews.fhirJson(m.outcome()));
        }
        ArrayNode deliveries = root.putArray("deliveries");
        for (StoredDelivery d : store.deliveriesOf(messageId)) {
            deliveries.add(JsonViews.delivery(d));
        }
        details.forEach(d -> d.addTo(root, m));
        ArrayNode trail = root.putArray("audit");
        audit.forEach(a -> trail.add(JsonViews.audit(a)));
        Responses.respond(exchange, 200, Responses.JSON, JsonViews.write(root));
    }
}
