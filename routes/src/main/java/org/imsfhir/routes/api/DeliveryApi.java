package org.imsfhir.routes.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.pipeline.Outcomes;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.MessageStore;
import org.imsfhir.routes.store.ReplayResult;

/**
 * Dead deliveries: list them, replay one ({@code POST /ims/deliveries/{id}/replay}) or all of a
 * destination ({@code POST /ims/destinations/{destination}/replay}). Replay is idempotent: what is
 * not DEAD is left alone, so repeating a request changes nothing.
 */
public class DeliveryApi {

    private final MessageStore store;
    private final Set<String> destinations;

    public DeliveryApi(MessageStore store, Set<String> destinations) {
        this.store = store;
        this.destinations = Set.copyOf(destinations);
    }

    public void list(Exchange exchange) {
        String destination = exchange.getIn().getHeader("destination", String.class);
        String statusText = exchange.getIn().getHeader("status", "DEAD", String.class);
        DeliveryStatus status;
        try {
            status = DeliveryStatus.valueOf(statusText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            Responses.outcome(exchange, 400, Outcomes.error(IssueType.VALUE, "status must be PENDING, DELIVERED or DEAD"));
            return;
        }
        if (destination == null || !destinations.contains(destination)) {
            Responses.outcome(exchange, 404, Outcomes.error(IssueType.NOTFOUND, "Unknown destination; configured: " + destinations));
            return;
        }
        ArrayNode list = JsonViews.object().arrayNode();
        store.deliveries(destination, status, 1000).forEach(d -> list.add(JsonViews.delivery(d)));
        Responses.respond(exchange, 200, Responses.JSON, JsonViews.write(list));
    }

    /** Counts per destination and status, e.g. {@code {"ehr":{"PENDING":3,"DELIVERED":120}}}. */
    public void summary(Exchange exchange) {
        ObjectNode root = JsonViews.object();
        destinations.forEach(d -> root.putObject(d));
        store.deliverySummary().forEach((destination, counts) -> {
            ObjectNode node = root.has(destination) ? (ObjectNode) root.get(destination) : root.putObject(destination);
            counts.forEach((status, n) -> node.put(status.name(), n));
        });
        Responses.respond(exchange, 200, Responses.JSON, JsonViews.write(root));
    }

    public void replayOne(Exchange exchange) {
        long id;
        try {
            id = Long.parseLong(exchange.getIn().getHeader("id", String.class));
        } catch (NumberFormatException e) {
            Responses.outcome(exchange, 404, Outcomes.error(IssueType.NOTFOUND, "No such delivery"));
            return;
        }
        ReplayResult result = store.replay(id);
        int status = switch (result.outcome()) {
            case NOT_FOUND -> 404;
            case SUPERSEDED -> 409;
            case REPLAYED, UNCHANGED -> 200;
        };
        Responses.respond(exchange, status, Responses.JSON, JsonViews.write(view(result)));
    }

    public void replayDestination(Exchange exchange) {
        String destination = exchange.getIn().getHeader("destination", String.class);
        if (!destinations.contains(destination)) {
            Responses.outcome(exchange, 404, Outcomes.error(IssueType.NOTFOUND, "Unknown destination; configured: " + destinations));
            return;
        }
        List<ReplayResult> results = store.replayAll(destination);
        ObjectNode root = JsonViews.object();
        root.put("destination", destination);
        root.put("replayed", results.stream().filter(r -> r.outcome() == ReplayResult.Outcome.REPLAYED).count());
        root.put("superseded", results.stream().filter(r -> r.outcome() == ReplayResult.Outcome.SUPERSEDED).count());
        ArrayNode list = root.putArray("results");
        results.forEach(r -> list.add(view(r)));
        Responses.respond(exchange, 200, Responses.JSON, JsonViews.write(root));
    }

    private static ObjectNode view(ReplayResult r) {
        ObjectNode node = JsonViews.object();
        node.put("deliveryId", r.deliveryId());
        node.put("outcome", r.outcome().name());
        if (r.status() != null) {
            node.put("status", r.status().name());
        }
        return node;
    }
}
