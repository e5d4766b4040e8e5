package org.imsfhir.adapter.claim;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** The service code of a claim item ({@code Claim.item.productOrService}); display may be null (CPT: codes only). */
public record ServiceCode(String system, String code, String display) {

    public CodeableConcept toCodeableConcept() {
        Coding coding = new Coding().setSystem(system).setCode(code);
        if (display != null && !display.isBlank()) {
            coding.setDisplay(display);
        }
        return new CodeableConcept(coding);
    }

    /** From {@link #toString()}'s {@code system|code} (no display). */
    public static ServiceCode parse(String systemAndCode) {
        int bar = systemAndCode.lastIndexOf('|');
        if (bar <= 0 || bar == systemAndCode.length() - 1) {
            throw new IllegalArgumentException("not system|code: " + systemAndCode);
        }
        return new ServiceCode(systemAndCode.substring(0, bar), systemAndCode.substring(bar + 1), null);
    }

    @Override
    public String toString() {
        return system + "|" + code;
    }
}
