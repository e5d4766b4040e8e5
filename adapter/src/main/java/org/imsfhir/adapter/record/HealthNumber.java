package org.imsfhir.adapter.record;

/** A health (insurance) number and the jurisdiction that issued it. */
public record HealthNumber(String issuer, String value) {
    @Override
    public String toString() {
        return "HealthNumber[issuer=" + issuer + ", value=<withheld>]";
    }
}
