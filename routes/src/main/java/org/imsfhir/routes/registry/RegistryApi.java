package org.imsfhir.routes.registry;

import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.api.ApiJson;
import org.imsfhir.routes.api.JsonViews;
import org.imsfhir.routes.api.PhiRedaction;
import org.imsfhir.routes.api.view.BatchRunAnswer;
import org.imsfhir.routes.api.view.ExclusionView;
import org.imsfhir.routes.api.view.RegistryBatchView;
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
    private final ApiJson json;

    public RegistryApi(RegistryBatchService service, ApiJson json) {
        this.service = service;
        this.json = json;
    }

    public void list(Exchange exchange) {
        String registry = exchange.getIn().getHeader("registry", String.class);
        if (unknown(exchange, registry)) {
            return;
        }
        boolean phi = Callers.of(exchange).has(Scope.PHI);
        List<RegistryBatch> batches = service.batches(registry, 100);
        List<RegistryExclusion> exclusions = service.exclusionsOfBatches(registry,
                batches.stream().map(RegistryBatch::batchId).toList());
        List<RegistryBatchView> list = batches.stream().map(b -> view(b,
                exclusions.stream().filter(e -> b.batchId().equals(e.batchId())).map(e -> view(e, phi, json)).toList(),
                exclusions.stream().filter(e -> b.batchId().equals(e.resolvedBatchId())).map(e -> view(e, phi, json)).toList()))
                .toList();
        respond(exchange, 200, json.write(list));
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
        respond(exchange, 200, json.write(service.exclusions(registry, wanted, 500).stream()
                .map(e -> view(e, phi, json)).toList()));
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
        respond(exchange, status, json.write(new BatchRunAnswer(run.registry(), run.result().name(),
                run.batch() == null ? null : view(run.batch(), null, null))));
    }

    private boolean unknown(Exchange exchange, String registry) {
        if (registry != null && service.feed(registry).isPresent()) {
            return false;
        }
        outcome(exchange, 404, IssueType.NOTFOUND, "Unknown registry; configured: " + service.feedIds());
        return true;
    }

    /** A batch; {@code excluded} and {@code closed} are left out when null. */
    static RegistryBatchView view(RegistryBatch b, List<ExclusionView> excluded, List<ExclusionView> closed) {
        boolean open = b.state() != BatchState.DELIVERED;
        return new RegistryBatchView(b.batchId(), b.state().name(), b.fromMessageId(), b.toMessageId(), b.sessionCount(),
                b.resourceCount(), b.trigger(), b.attempts(), String.valueOf(b.transactionTime()),
                String.valueOf(b.createdAt()), JsonViews.time(b.deliveredAt()),
                open ? new RegistryBatchView.Retry(String.valueOf(b.nextAttemptAt()), b.lastError()) : null,
                excluded, closed);
    }

    /**
     * One exclusion: which session, what state, why (short reason and the OperationOutcome, whose
     * validator texts follow {@link PhiRedaction}).
     */
    public static ExclusionView view(RegistryExclusion e, boolean phi, ApiJson json) {
        return new ExclusionView(e.registry(), e.messageId(), e.sessionKey(), e.state().name(), e.reason(), e.batchId(),
                e.attempts(), e.resolvedBatchId(), PhiRedaction.outcome(json.tree(e.outcome()), phi),
                String.valueOf(e.updatedAt()));
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
