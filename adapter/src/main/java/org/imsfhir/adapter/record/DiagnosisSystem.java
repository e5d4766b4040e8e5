package org.imsfhir.adapter.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Diagnosis code systems a record may use; the URI is part of a code's identity. */
public enum DiagnosisSystem {
    ICD_10_CM("icd-10-cm", "http://hl7.org/fhir/sid/icd-10-cm"),
    ICD_10_CA("icd-10-ca", "http://hl7.org/fhir/sid/icd-10-ca"),
    SNOMED("snomed", "http://snomed.info/sct");

    private final String code;
    private final String uri;

    DiagnosisSystem(String code, String uri) {
        this.code = code;
        this.uri = uri;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public String uri() {
        return uri;
    }

    @JsonCreator
    public static DiagnosisSystem fromCode(String code) {
        return Codes.byCode(values(), DiagnosisSystem::code, code);
    }
}
