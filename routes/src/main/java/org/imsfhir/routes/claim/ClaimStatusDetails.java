package org.imsfhir.routes.claim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClaimStore store;
    private final java.util.function.LongFunction<String> publicIdOf;

    /** @param publicIdOf the public id of a stored message (the API never shows the internal keys) */
    public ClaimStatusDetails(ClaimStore store, java.util.function.LongFunction<String> publicIdOf) {
        this.store = store;
        this.publicIdOf = publicIdOf;
    }

    @Override
    public void addTo(ObjectNode status, StoredMessage message, boolean phi) {
        if (message.sessionKey() == null) {
            return;
        }
        ArrayNode list = status.putArray("claims");
        for (StoredClaim c : store.ofSession(message.sessionKey())) {
            ObjectNode n = list.addObject();
            n.put("destination", c.destination());
            n.put("payerId", c.payerId());
            n.put("claimIdentifier", c.claimIdentifier());
            n.put("serviceCode", c.serviceCode());
            n.put("outcome", c.outcome());
            n.put("disposition", PhiRedaction.text(c.disposition(), phi));
            n.put("responseId", c.responseId());
            money(n, "submitted", c.submittedAmount());
            money(n, "benefit", c.benefitAmount());
            money(n, "payment", c.paymentAmount());
            n.put("currency", c.currency());
            n.put("polls", c.polls());
            n.put("forMessageId", publicIdOf.apply(c.messageId()));
            if (c.errors() != null) {
                try {
                    n.set("errors", JSON.readTree(c.errors()));
                } catch (IOException e) {
                    n.put("errors", c.errors());
                }
            } else {
                n.putArray("errors");
            }
            n.put("cancelled", c.cancelled());
            if (c.cancelOutcome() != null) {
                ObjectNode x = n.putObject("cancellation");
                x.put("outcome", c.cancelOutcome());
                x.put("disposition", PhiRedaction.text(c.cancelDisposition(), phi));
                x.put("forMessageId", c.cancelMessageId() == null ? null : publicIdOf.apply(c.cancelMessageId()));
                x.put("cancelledAt", c.cancelledAt() == null ? null : c.cancelledAt().toString());
                json(x, "errors", c.cancelErrors());
            }
            n.put("updatedAt", c.updatedAt() == null ? null : c.updatedAt().toString());
        }
    }

    private static void json(ObjectNode n, String field, String value) {
        if (value == null) {
            n.putArray(field);
            return;
        }
        try {
            n.set(field, JSON.readTree(value));
        } catch (IOException e) {
            n.put(field, value);
        }
    }

    private static void money(ObjectNode n, String field, BigDecimal value) {
        if (value != null) {
            n.put(field, value);
        }
    }
}
