package org.imsfhir.adapter.map;

/** Before or after needling; the codes are those of the ims-measurement-timing code list. */
public enum MeasurementTiming {
    PRE("pre"), POST("post");

    private final String code;

    MeasurementTiming(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
