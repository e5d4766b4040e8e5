package org.imsfhir.adapter.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Local (peripheral muscle) or segmental (paraspinal, needs a spinal level). */
public enum SiteType {
    LOCAL, SEGMENTAL;

    @JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static SiteType fromCode(String code) {
        return Codes.byCode(values(), SiteType::code, code);
    }
}
