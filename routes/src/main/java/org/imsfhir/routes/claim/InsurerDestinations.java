package org.imsfhir.routes.claim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.delivery.DestinationContributor;
import org.imsfhir.routes.delivery.DestinationSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured insurers as outbox destinations: a session gets a delivery to an insurer when its
 * {@code billing.payerId} is that insurer's payer, whatever its status. (Whether it may be billed is
 * the sender's question, so that a refusal is recorded, visible and replayable.) An entered-in-error
 * session gets its delivery too: if a claim for it was submitted to that insurer, the sender cancels
 * it, in order after the earlier claim since the outbox keeps per-session order per destination. A
 * retraction record without billing gets none (its payer is unknown), so it cancels nothing.
 *
 * <p>When claims are configured (at least one insurer) and a VALID session has billing whose payer
 * matches no insurer, it gets no insurer delivery, but the reason is kept: a claim row for the
 * pseudo-destination {@value StoredClaim#NO_INSURER} with outcome {@code not-billable} and the error
 * {@code billing.payerId: no insurer configured for payer X}, shown by {@code GET /ims/sessions/{id}},
 * counted in the metric {@value #UNKNOWN_PAYER_METRIC} and logged with the session key only. A
 * later record of the same session billed to a configured payer (or without billing) removes it.
 */
public class InsurerDestinations implements DestinationContributor {

    /** Counter of VALID sessions billed to a payer without insurer configuration. */
    public static final String UNKNOWN_PAYER_METRIC = "ims.claims.unknown.payer";

    private static final Logger LOG = LoggerFactory.getLogger(InsurerDestinations.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ClaimsProperties.Insurer> insurers;
    private final Map<String, DestinationSender> senders;
    private final ClaimStore claims;
    private final Counter unknownPayers;

    public InsurerDestinations(Map<String, ClaimsProperties.Insurer> insurers, Map<String, DestinationSender> senders) {
        this(insurers, senders, null, null);
    }

    /**
     * @param claims  where the reason for an unknown payer is kept (null: not kept, as without claims)
     * @param metrics where the unknown-payer counter lives (null: no metric)
     */
    public InsurerDestinations(Map<String, ClaimsProperties.Insurer> insurers, Map<String, DestinationSender> senders,
                               ClaimStore claims, MeterRegistry metrics) {
        this.insurers = Map.copyOf(insurers);
        this.senders = Map.copyOf(senders);
        this.claims = claims;
        this.unknownPayers = metrics == null ? null : Counter.builder(UNKNOWN_PAYER_METRIC)
                .description("VALID sessions whose billing.payerId matches no configured insurer (not billed)")
                .register(metrics);
    }

    @Override
    public Map<String, DestinationSender> senders() {
        return senders;
    }

    @Override
    public Map<String, ImsProperties.Retry> retries() {
        Map<String, ImsProperties.Retry> r = new LinkedHashMap<>();
        insurers.forEach((name, i) -> r.put(name, i.retry()));
        return r;
    }

    @Override
    public boolean wants(String destination, ImsSession session) {
        ClaimsProperties.Insurer insurer = insurers.get(destination);
        return insurer != null && session != null && session.billing() != null
                && insurer.payerId().equals(session.billing().payerId());
    }

    @Override
    public void accepted(long messageId, String sessionKey, ImsSession session) {
        if (claims == null || insurers.isEmpty() || sessionKey == null || session == null) {
            return; // claims not configured: billing is not the adapter's business
        }
        Optional<StoredClaim> earlier = claims.find(sessionKey, StoredClaim.NO_INSURER);
        if (earlier.isPresent() && earlier.get().messageId() > messageId) {
            return; // a later record of the session was judged first; its verdict stands
        }
        String payerId = session.billing() == null ? null : session.billing().payerId();
        if (payerId == null || insurers.values().stream().anyMatch(i -> payerId.equals(i.payerId()))) {
            earlier.ifPresent(c -> claims.delete(sessionKey, StoredClaim.NO_INSURER, messageId));
            return;
        }
        if (earlier.isPresent() && earlier.get().messageId() == messageId) {
            return; // this record judged again (after a crash): already kept and counted
        }
        TreeSet<String> configured = new TreeSet<>();
        insurers.values().forEach(i -> configured.add(i.payerId()));
        String reason = "no insurer configured for payer " + payerId + " (configured payers: "
                + String.join(", ", configured) + ")";
        ArrayNode errors = JSON.createArrayNode();
        errors.addObject().put("path", "billing.payerId").put("reason", reason);
        claims.save(new StoredClaim(sessionKey, StoredClaim.NO_INSURER, messageId, payerId, null, null, null,
                StoredClaim.NOT_BILLABLE, "Not billed: no insurer configured for payer " + payerId, null, null, null,
                null, errors.toString(), null, 0, null, null));
        if (unknownPayers != null) {
            unknownPayers.increment();
        }
        LOG.warn("Message {} ({}): billing.payerId matches no configured insurer; not billed (reason kept with the session)",
                messageId, sessionKey);
    }
}
