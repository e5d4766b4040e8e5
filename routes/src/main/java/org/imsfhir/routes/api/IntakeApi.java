package org.imsfhir.routes.api;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.api.view.DeliveryView;
import org.imsfhir.routes.api.view.SessionView;
import org.imsfhir.routes.api.view.StageView;
import org.imsfhir.routes.intake.IntakeBusyException;
import org.imsfhir.routes.intake.IntakeResult;
import org.imsfhir.routes.intake.IntakeService;
import org.imsfhir.routes.pipeline.Outcomes;
import org.imsfhir.adapter.engine.PayloadFormat;
import org.imsfhir.routes.audit.AccessAuditFilter;
import org.imsfhir.routes.security.Caller;
import org.imsfhir.routes.security.Callers;
import org.imsfhir.routes.security.Scope;
import org.imsfhir.routes.store.AuditEntry;
import org.imsfhir.routes.store.Channel;
import org.imsfhir.routes.store.StatusQueries;
import org.imsfhir.routes.store.StoredMessage;

/**
 * {@code POST /ims/sessions} and {@code GET /ims/sessions/{id}} (by the session's public id). Answers: 200 with one result per
 * record when at least one record was accepted; 422 when every record was rejected; 400 with an
 * OperationOutcome when the payload cannot be split into records (broken JSON, CSV header without
 * the required columns); 415 for a content type other than
 * JSON, NDJSON or CSV; 503 with {@code Retry-After} when the judging queue has no room for the
 * payload (it is then not stored). (413 for an oversized body, and 503 when too many request bytes
 * are held, are answered before Camel, by the body limit filter.)
 */
public class IntakeApi {

    private final IntakeService intake;
    private final StatusQueries store;
    private final List<SessionStatusDetails> details;
    private final ApiJson json;

    public IntakeApi(IntakeService intake, StatusQueries store, List<SessionStatusDetails> details, ApiJson json) {
        this.intake = intake;
        this.store = store;
        this.details = List.copyOf(details);
        this.json = json;
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
        Caller caller = Callers.of(exchange);
        IntakeResult result;
        try {
            result = intake.receive(Channel.REST, null, format.get(), contentType, body, caller);
        } catch (IntakeBusyException busy) {
            Callers.attribute(exchange, AccessAuditFilter.DETAIL, "refused, not stored: " + busy.limit().tag() + " limit");
            Responses.busy(exchange, busy.retryAfterSeconds(), "The service is busy: too many records are waiting to be"
                    + " judged (ims.intake.max-queued-records). Nothing was stored; send the payload again after "
                    + busy.retryAfterSeconds() + " seconds.");
            return;
        }
        Callers.attribute(exchange, AccessAuditFilter.TARGET, "intake:" + result.intakeId());
        Callers.attribute(exchange, AccessAuditFilter.DETAIL, result.records().size() + " record(s), "
                + result.accepted() + " accepted, " + result.rejected() + " rejected");
        if (result.unreadable()) {
            Responses.outcome(exchange, 400, result.records().get(0).outcome());
            return;
        }
        int status = result.accepted() > 0 ? 200 : 422;
        Responses.respond(exchange, status, Responses.JSON,
                json.write(JsonViews.intake(result, false, caller.has(Scope.PHI), json)));
    }

    /**
     * A session message by its public id. Another clinic's session answers exactly like a missing
     * one, so a caller cannot even learn that it exists.
     */
    public void status(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        Caller caller = Callers.of(exchange);
        Optional<StoredMessage> found = id == null ? Optional.empty() : store.message(id)
                .filter(m -> caller.mayAccessSession(m.sessionKey()) || sentBy(m, caller));
        if (found.isEmpty()) {
            Responses.outcome(exchange, 404, Outcomes.error(IssueType.NOTFOUND, "No such session message"));
            return;
        }
        boolean phi = caller.has(Scope.PHI);
        StoredMessage m = found.get();
        List<AuditEntry> audit = store.auditOf(m.id());
        List<StageView> stages = audit.stream().filter(a -> a.deliveryId() == null)
                .map(a -> new StageView(a.toStatus(), JsonViews.time(a.at()))).toList();
        Map<Long, String> deliveryIds = new HashMap<>();
        List<DeliveryView> deliveries = store.deliveriesOf(m.id()).stream().map(d -> {
            deliveryIds.put(d.id(), d.publicId());
            return JsonViews.delivery(d, phi);
        }).toList();
        Map<String, Object> more = new LinkedHashMap<>();
        details.forEach(d -> d.addTo(more, m, phi));
        SessionView view = new SessionView(m.publicId(), m.intakeId(), m.recordIndex(), m.sessionKey(), m.status().name(),
                JsonViews.time(m.receivedAt()), JsonViews.time(m.updatedAt()), stages,
                m.outcome() == null ? null : PhiRedaction.outcome(json.tree(m.outcome()), phi), deliveries, more,
                audit.stream().map(a -> JsonViews.audit(a, deliveryIds.get(a.deliveryId()), phi)).toList());
        Responses.respond(exchange, 200, Responses.JSON, json.write(view));
    }

    /** An unreadable record has no clinic: only its own sender (or an all-clinics caller) sees it. */
    private boolean sentBy(StoredMessage m, Caller caller) {
        return m.sessionKey() == null && store.intakeActor(m.intakeId()).map(caller.id()::equals).orElse(false);
    }
}
