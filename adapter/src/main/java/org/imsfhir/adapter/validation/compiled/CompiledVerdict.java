package org.imsfhir.adapter.validation.compiled;

import java.util.List;

/**
 * What the {@link CompiledValidator} concluded about one resource or Bundle.
 *
 * @param errors      the errors it found (location and rule key); empty when valid
 * @param unsupported why it could not judge (then only the HL7 validator can), or null
 */
public record CompiledVerdict(List<Finding> errors, String unsupported) {

    /** One error: where (FHIRPath location, as the HL7 validator writes it) and which rule. */
    public record Finding(String location, String rule) {
    }

    public CompiledVerdict {
        errors = List.copyOf(errors);
    }

    /** Judged, and no error: the HL7 validator would find none either. */
    public boolean valid() {
        return unsupported == null && errors.isEmpty();
    }

    public boolean judged() {
        return unsupported == null;
    }
}
