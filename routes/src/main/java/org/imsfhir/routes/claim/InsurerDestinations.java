package org.imsfhir.routes.claim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.delivery.DestinationContributor;
import org.imsfhir.routes.delivery.DestinationSender;

/**
 * The configured insurers as outbox destinations: a session gets a delivery to an insurer when its
 * {@code billing.payerId} is that insurer's payer. (Whether it may be billed is the sender's
 * question, so that a refusal is recorded, visible and replayable.)
 */
public class InsurerDestinations implements DestinationContributor {

    private final Map<String, ClaimsProperties.Insurer> insurers;
    private final Map<String, DestinationSender> senders;

    public InsurerDestinations(Map<String, ClaimsProperties.Insurer> insurers, Map<String, DestinationSender> senders) {
        this.insurers = Map.copyOf(insurers);
        this.senders = Map.copyOf(senders);
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
}
