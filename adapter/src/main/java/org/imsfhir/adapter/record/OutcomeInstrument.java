package org.imsfhir.adapter.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Outcome instruments of record version 1 and their score ranges. */
public enum OutcomeInstrument {
    /** Oswestry Disability Index, 0-100 %. */
    ODI(0, 100),
    /** Neck Disability Index, raw 0-50. */
    NDI(0, 50),
    /** Patient-Specific Functional Scale, mean of activity ratings 0-10. */
    PSFS(0, 10);

    private final double min;
    private final double max;

    OutcomeInstrument(double min, double max) {
        this.min = min;
        this.max = max;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    @JsonValue
    public String code() {
        return name();
    }

    /** Code in the local {@code ims-outcome} CodeSystem. */
    public String localCode() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static OutcomeInstrument fromCode(String code) {
        return Codes.byCode(values(), OutcomeInstrument::code, code);
    }
}
