package org.imsfhir.adapter.claim;

import java.util.Objects;
import org.imsfhir.adapter.fhir.ImsCanonical;

/**
 * What the adapter knows about one payer (from configuration, never from the record): who it is,
 * the code set and currency it bills in, how it counts muscles, and, for a code set other than
 * {@code cpt}, its fee code mapping.
 *
 * @param memberIdSystem namespace of the payer's member ids (Coverage.identifier.system); null gives
 *                       {@code .../ig/sid/member-id/<payerId>}
 */
public record PayerConfig(String payerId, String name, String codeSet, String currency, CountingRule countingRule,
                          String memberIdSystem, FeeCodeMapping feeCodes) {

    /** The code set whose service code the adapter computes itself (20560/20561). */
    public static final String CPT = "cpt";

    public PayerConfig {
        Objects.requireNonNull(payerId, "payerId");
        Objects.requireNonNull(codeSet, "codeSet");
        Objects.requireNonNull(currency, "currency");
        name = name == null || name.isBlank() ? payerId : name;
        countingRule = countingRule == null ? CountingRule.DISTINCT_MUSCLE : countingRule;
        memberIdSystem = memberIdSystem == null || memberIdSystem.isBlank()
                ? ImsCanonical.Sid.MEMBER_ID + payerId : memberIdSystem;
        if (isCpt(codeSet) && feeCodes != null) {
            throw new IllegalArgumentException("payer " + payerId + ": code set cpt takes no fee code mapping (20560/20561 are computed)");
        }
        if (!isCpt(codeSet) && feeCodes == null) {
            throw new IllegalArgumentException("payer " + payerId + ": code set " + codeSet + " needs a fee code mapping file");
        }
    }

    public boolean cpt() {
        return isCpt(codeSet);
    }

    private static boolean isCpt(String codeSet) {
        return CPT.equalsIgnoreCase(codeSet);
    }
}
