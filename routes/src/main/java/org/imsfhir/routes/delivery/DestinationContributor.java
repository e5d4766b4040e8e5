package org.imsfhir.routes.delivery;

import java.util.Map;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.routes.config.ImsProperties;

/**
 * Further destinations on the same outbox (e.g. insurers), contributed by a feature's own
 * configuration: their senders and retry policies, and which sessions get a delivery to them.
 * Destinations not contributed (the EHR destinations) get every valid session.
 */
public interface DestinationContributor {

    Map<String, DestinationSender> senders();

    Map<String, ImsProperties.Retry> retries();

    /** Whether this session gets a delivery to {@code destination} (one of {@link #senders()}). */
    boolean wants(String destination, ImsSession session);

    /**
     * Called for every session judged VALID, just before its verdict and deliveries are committed
     * (a crash in between judges the record again, so this must be idempotent). Lets a feature keep
     * a visible reason when a session gets none of its destinations although it should (e.g. billed
     * to a payer without configuration). Must not log patient data.
     */
    default void accepted(long messageId, String sessionKey, ImsSession session) {
    }
}
