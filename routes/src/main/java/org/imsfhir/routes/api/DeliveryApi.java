package org.imsfhir.routes.api;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.api.view.DeliveryView;
import org.imsfhir.routes.api.view.DestinationReplayAnswer;
import org.imsfhir.routes.api.view.ReplayAnswer;
import org.imsfhir.routes.pipeline.Outcomes;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.OutboxStore;
import org.imsfhir.routes.store.ReplayResult;
import org.imsfhir.routes.store.StatusQueries;
import org.imsfhir.routes.store.StoredDelivery;
import org.imsfhir.routes.security.Caller;
import org.imsfhir.routes.security.Callers;
import org.imsfhir.routes.security.Scope;

/**
 * Dead deliveries: list them (the caller's clinics only), replay one by its public id
 * ({@code POST /ims/deliveries/{id}/replay}) or all of a
 * destination ({@code POST /ims/destinations/{destination}/replay}). Replay is idempotent: what is
 * not DEAD is left alone, so repeating a request changes nothing.
 */
public class DeliveryApi {

    private final StatusQueries store;
    private final OutboxStore outbox;
    private final Set<String> destinations;
    private final ApiJson json;

    public DeliveryApi(StatusQueries store, OutboxStore outbox, Set<String> destinations, ApiJson json) {
        this.store = store;
        this.outbox = outbox;
        this.destinations = Set.copyOf(destinations);
        this.json = json;
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
        Caller caller = Callers.of(exchange);
        boolean phi = caller.has(Scope.PHI);
        List<DeliveryView> list = (caller.allClinics() ? store.deliveries(destination, status, 1000)
                : store.deliveries(destination, status, caller.clinics(), 1000))
                .stream().map(d -> JsonViews.delivery(d, phi)).toList();
        Responses.respond(exchange, 200, Responses.JSON, json.write(list));
    }

    /** Counts per destination and status, e.g. {@code {"ehr":{"PENDING":3,"DELIVERED":120}}}. */
    public void summary(Exchange exchange) {
        Map<String, Map<DeliveryStatus, Long>> summary = new TreeMap<>();
        destinations.forEach(d -> summary.put(d, new EnumMap<>(DeliveryStatus.class)));
        store.deliverySummary().forEach((destination, counts) ->
                summary.computeIfAbsent(destination, d -> new EnumMap<>(DeliveryStatus.class)).putAll(counts));
        Responses.respond(exchange, 200, Responses.JSON, json.write(summary));
    }

    /** One delivery by its public id; another clinic's delivery answers like a missing one. */
    public void replayOne(Exchange exchange) {
        String publicId = exchange.getIn().getHeader("id", String.class);
        Caller caller = Callers.of(exchange);
        Optional<StoredDelivery> found = publicId == null ? Optional.empty()
                : store.delivery(publicId).filter(d -> caller.mayAccessSession(d.sessionKey()));
        if (found.isEmpty()) {
            Responses.outcome(exchange, 404, Outcomes.error(IssueType.NOTFOUND, "No such delivery"));
            return;
        }
        ReplayResult result = outbox.replay(found.get().id(), caller.id());
        int status = switch (result.outcome()) {
            case NOT_FOUND -> 404;
            case SUPERSEDED -> 409;
            case REPLAYED, UNCHANGED -> 200;
        };
        Responses.respond(exchange, status, Responses.JSON, json.write(view(result, found.get().publicId())));
    }

    /** Every DEAD delivery of a destination: across clinics, so only for callers of every clinic. */
    public void replayDestination(Exchange exchange) {
        String destination = exchange.getIn().getHeader("destination", String.class);
        Caller caller = Callers.of(exchange);
        if (!caller.allClinics()) {
            Responses.outcome(exchange, 403, Outcomes.error(IssueType.FORBIDDEN,
                    "Replaying a whole destination needs access to every clinic; replay single deliveries instead"));
            return;
        }
        if (!destinations.contains(destination)) {
            Responses.outcome(exchange, 404, Outcomes.error(IssueType.NOTFOUND, "Unknown destination; configured: " + destinations));
            return;
        }
        List<ReplayResult> results = outbox.replayAll(destination, caller.id());
        Responses.respond(exchange, 200, Responses.JSON, json.write(new DestinationReplayAnswer(destination,
                results.stream().filter(r -> r.outcome() == ReplayResult.Outcome.REPLAYED).count(),
                results.stream().filter(r -> r.outcome() == ReplayResult.Outcome.SUPERSEDED).count(),
                results.stream().map(r -> view(r, null)).toList())));
    }

    private ReplayAnswer view(ReplayResult r, String publicId) {
        return new ReplayAnswer(publicId != null ? publicId
                : store.delivery(r.deliveryId()).map(StoredDelivery::publicId).orElse(null),
                r.outcome().name(), r.status() == null ? null : r.status().name());
    }
}
