package org.imsfhir.routes.claim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.LongFunction;
import org.imsfhir.routes.api.ApiJson;
import org.imsfhir.routes.api.view.ClaimView;
import org.imsfhir.routes.api.PhiRedaction;
import org.imsfhir.routes.api.SessionStatusDetails;
import org.imsfhir.routes.store.StoredMessage;

/**
 * {@code "claims": [...]} in {@code GET /ims/sessions/{id}}: per insurer the latest outcome,
 * disposition, adjudication amounts and errors (the insurer's codes, or the adapter's refusal with
 * field paths). The member id is not shown. A claim cancelled at the insurer (its session later
 * entered-in-error) shows {@code "cancelled": true} and {@code "cancellation"} (the insurer's outcome,
 * disposition and errors for the cancellation, the message that cancelled it, when); its own
 * adjudication (outcome, amounts) stays visible.
 */
public class ClaimStatusDetails implements SessionStatusDetails {

    private final ClaimStore store;
    private final LongFunction<String> publicIdOf;
    private final ApiJson json;

    /** @param publicIdOf the public id of a stored message (the API never shows the internal keys) */
    public ClaimStatusDetails(ClaimStore store, LongFunction<String> publicIdOf, ApiJson json) {
        this.store = store;
        this.publicIdOf = publicIdOf;
        this.json = json;
    }

    @Override
    public void addTo(Map<String, Object> details, StoredMessage message, boolean phi) {
        if (message.sessionKey() == null) {
            return;
        }
        details.put("claims", store.ofSession(message.sessionKey()).stream().map(c -> view(c, phi)).toList());
    }

    private ClaimView view(StoredClaim c, boolean phi) {
        ClaimView.Cancellation cancellation = c.cancelOutcome() == null ? null : new ClaimView.Cancellation(
                c.cancelOutcome(), PhiRedaction.text(c.cancelDisposition(), phi),
                c.cancelMessageId() == null ? null : publicIdOf.apply(c.cancelMessageId()),
                c.cancelledAt() == null ? null : c.cancelledAt().toString(), errors(c.cancelErrors()));
        return new ClaimView(c.destination(), c.payerId(), c.claimIdentifier(), c.serviceCode(), c.outcome(),
                PhiRedaction.text(c.disposition(), phi), c.responseId(), c.submittedAmount(), c.benefitAmount(),
                c.paymentAmount(), c.currency(), c.polls(), publicIdOf.apply(c.messageId()), errors(c.errors()),
                c.cancelled(), cancellation, c.updatedAt() == null ? null : c.updatedAt().toString());
    }

    /** Stored errors (JSON) as a tree; none: an empty list; text that is not JSON: as it is. */
    private JsonNode errors(String stored) {
        if (stored == null) {
            return json.object().arrayNode();
        }
        try {
            return json.tree(stored);
        } catch (UncheckedIOException e) {
            return json.object().textNode(stored);
        }
    }
}
