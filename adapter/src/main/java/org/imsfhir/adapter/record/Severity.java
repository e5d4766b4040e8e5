package org.imsfhir.adapter.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Adverse event severity (Physiotherapy Alberta scheme after White et al.). */
public enum Severity {
    MILD, SIGNIFICANT, SERIOUS;

    @JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static Severity fromCode(String code) {
        return Codes.byCode(values(), Severity::code, code);
    }
}
