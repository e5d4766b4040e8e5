package org.imsfhir.adapter.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Administrative sex; the codes are FHIR's {@code administrative-gender} codes. */
public enum Sex {
    FEMALE, MALE, OTHER, UNKNOWN;

    @JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static Sex fromCode(String code) {
        return Codes.byCode(values(), Sex::code, code);
    }
}
