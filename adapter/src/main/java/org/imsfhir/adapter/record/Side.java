package org.imsfhir.adapter.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum Side {
    LEFT, RIGHT;

    @JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static Side fromCode(String code) {
        return Codes.byCode(values(), Side::code, code);
    }
}
