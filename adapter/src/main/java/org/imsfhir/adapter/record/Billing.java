package org.imsfhir.adapter.record;

import java.math.BigDecimal;

/** Billing details; present means a claim goes to the payer. */
public record Billing(String payerId, String memberId, String codeSet, Fee fee) {

    public record Fee(BigDecimal amount, String currency) {
    }

    @Override
    public String toString() {
        return "Billing[payerId=" + payerId + ", memberId=<withheld>, codeSet=" + codeSet + "]";
    }
}
