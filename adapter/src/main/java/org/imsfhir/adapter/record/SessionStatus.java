package org.imsfhir.adapter.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum SessionStatus {
    COMPLETED("completed"),
    NOT_DONE("not-done"),
    /** Retracts what was sent before for the same session key. */
    ENTERED_IN_ERROR("entered-in-error");

    private final String code;

    SessionStatus(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static SessionStatus fromCode(String code) {
        return Codes.byCode(values(), SessionStatus::code, code);
    }
}
