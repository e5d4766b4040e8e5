package org.imsfhir.adapter.claim;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The configured payers by payerId (the record's {@code billing.payerId}). */
public final class PayerDirectory {
    private final Map<String, PayerConfig> byId;

    public PayerDirectory(Collection<PayerConfig> payers) {
        Map<String, PayerConfig> m = new LinkedHashMap<>();
        for (PayerConfig p : payers) {
            if (m.put(p.payerId(), p) != null) {
                throw new IllegalArgumentException("payer " + p.payerId() + " is configured twice");
            }
        }
        this.byId = Map.copyOf(m);
    }

    public Optional<PayerConfig> find(String payerId) {
        return payerId == null ? Optional.empty() : Optional.ofNullable(byId.get(payerId));
    }

    public Collection<PayerConfig> all() {
        return byId.values();
    }
}
