package org.imsfhir.routes.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.api.JsonViews;
import org.imsfhir.routes.api.PhiRedaction;
import org.imsfhir.routes.security.Callers;
import org.imsfhir.routes.security.Scope;
import org.imsfhir.routes.pipeline.Outcomes;

/**
 * {@code GET /ims/registries/{registry}/batches}: the newest 100 batches, each with the sessions it
 * left out ({@code excluded}: state, reason, the validator's OperationOutcome) and the earlier
 * exclusions it closed ({@code closed}: RESENT in it, SUPERSEDED or WITHDRAWN).
 * {@code GET /ims/registries/{registry}/exclusions[?state=OPEN]}: the newest 500 exclusions.
 * {@code POST /ims/registries/{registry}/batches}: run the feed now (deliver the open batch, or cut
 * and deliver the next one); 200 delivered or nothing new, 202 a retry is scheduled, 409 blocked by
 * a DEAD batch, 502 the batch went DEAD.
 * {@code POST /ims/registries/{registry}/batches/{batchId}/replay}: a DEAD batch again (idempotent).
 * Answers carry batch ids, ranges, counts, session keys and validator findings on pseudonymised
 * resources: no patient names, birth dates or clinic identifiers.
 */
public class RegistryApi {
    private final RegistryBatchService service;

    public RegistryApi(RegistryBatchService service) {
        this.service = service;
    }

    public void list(Exchange exchange) {
        String registry = exchange.getIn().getHeader("registry", String.class);
        if (unknown(exchange, registry)) {
            return;
        }
        boolean phi = Callers.of(exchange).has(Scope.PHI);
        ArrayNode list = JsonViews.object().arrayNode();
        List<RegistryBatch> batches = service.batches(registry, 100);
        List<RegistryExclusion> exclusions = service.exclusionsOfBatches(registry,
                batches.stream().map(RegistryBatch::batchId).toList());
        for (RegistryBatch b : batches) {
            ObjectNode n = view(b);
            ArrayNode excluded = n.putArray("excluded");
            ArrayNode closed = n.putArray("closed");
            for (RegistryExclusion e : exclusions) {
                if (b.batchId().equals(e.batchId())) {
                    excluded.add(view(e, phi));
                }
                if (b.batchId().equals(e.resolvedBatchId())) {
                    closed.add(view(e, phi));
                }
            }
            list.add(n);
        }
        respond(exchange, 200, JsonViews.write(list));
    }

    public void exclusions(Exchange exchange) {
        String registry = exchange.getIn().getHeader("registry", String.class);
        if (unknown(exchange, registry)) {
            return;
        }
        String state = exchange.getIn().getHeader("state", String.class);
        RegistryExclusion.State wanted = null;
        if (state != null && !state.isBlank()) {
            try {
                wanted = RegistryExclusion.State.valueOf(state.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                outcome(exchange, 400, IssueType.VALUE, "state: must be one of "
                        + java.util.Arrays.toString(RegistryExclusion.State.values()));
                return;
            }
        }
        boolean phi = Callers.of(exchange).has(Scope.PHI);
        ArrayNode list = JsonViews.object().arrayNode();
        service.exclusions(registry, wanted, 500).forEach(e -> list.add(view(e, phi)));
        respond(exchange, 200, JsonViews.write(list));
    }

    public void run(Exchange exchange) {
        String registry = exchange.getIn().getHeader("registry", String.class);
        if (unknown(exchange, registry)) {
            return;
        }
        answer(exchange, service.run(registry, "on demand"));
    }

    public void replay(Exchange exchange) {
        String registry = exchange.getIn().getHeader("registry", String.class);
        String batchId = exchange.getIn().getHeader("batchId", String.class);
        if (unknown(exchange, registry)) {
            return;
        }
        Optional<BatchRun> run = service.replay(registry, batchId);
        if (run.isEmpty()) {
            outcome(exchange, 404, IssueType.NOTFOUND, "No such batch");
            return;
        }
        answer(exchange, run.get());
    }

    private void answer(Exchange exchange, BatchRun run) {
        int status = switch (run.result()) {
            case DELIVERED, EMPTY, NOTHING_NEW, BUSY -> 200;
            case RETRY_SCHEDULED -> 202;
            case BLOCKED -> 409;
            case DEAD -> 502;
        };
        ObjectNode body = JsonViews.object();
        body.put("registry", run.registry());
        body.put("result", run.result().name());
        if (run.batch() != null) {
            body.set("batch", view(run.batch()));
        }
        respond(exchange, status, JsonViews.write(body));
    }

    private boolean unknown(Exchange exchange, String registry) {
        if (registry != null && service.feed(registry).isPresent()) {
            return false;
        }
        outcome(exchange, 404, IssueType.NOTFOUND, "Unknown registry; configured: " + service.feedIds());
        return true;
    }

    static ObjectNode view(RegistryBatch b) {
        ObjectNode n = JsonViews.object();
        n.put("batchId", b.batchId());
        n.put("state", b.state().name());
        n.put("fromMessageId", b.fromMessageId());
        n.put("toMessageId", b.toMessageId());
        n.put("sessions", b.sessionCount());
        n.put("resources", b.resourceCount());
        n.put("trigger", b.trigger());
        n.put("attempts", b.attempts());
        n.put("transactionTime", String.valueOf(b.transactionTime()));
        n.put("createdAt", String.valueOf(b.createdAt()));
        if (b.deliveredAt() != null) {
            n.put("deliveredAt", b.deliveredAt().toString());
        }
        if (b.state() != BatchState.DELIVERED) {
            n.put("nextAttemptAt", String.valueOf(b.nextAttemptAt()));
            n.put("lastError", b.lastError());
        }
        return n;
    }

    /** One exclusion, seen by a caller with the phi scope. */
    public static ObjectNode view(RegistryExclusion e) {
        return view(e, true);
    }

    /**
     * One exclusion: which session, what state, why (short reason and the OperationOutcome, whose
     * validator texts follow {@link PhiRedaction}).
     */
    public static ObjectNode view(RegistryExclusion e, boolean phi) {
        ObjectNode n = JsonViews.object();
        n.put("registry", e.registry());
        n.put("messageId", e.messageId());
        n.put("sessionKey", e.sessionKey());
        n.put("state", e.state().name());
        n.put("reason", e.reason());
        n.put("excludedInBatch", e.batchId());
        n.put("attempts", e.attempts());
        if (e.resolvedBatchId() != null) {
            n.put("closedInBatch", e.resolvedBatchId());
        }
        n.set("outcome", PhiRedaction.outcome(JsonViews.fhirJson(e.outcome()), phi));
        n.put("updatedAt", String.valueOf(e.updatedAt()));
        return n;
    }

    private static void respond(Exchange exchange, int status, String json) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setBody(json);
    }

    private static void outcome(Exchange exchange, int status, IssueType type, String text) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/fhir+json");
        m.setBody(Outcomes.toJson(Outcomes.error(type, text)));
    }
}
