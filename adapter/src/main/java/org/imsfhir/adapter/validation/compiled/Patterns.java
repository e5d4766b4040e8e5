package org.imsfhir.adapter.validation.compiled;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Property;

/** FHIR pattern[x] semantics: every value the pattern has, the instance has too (lists: some item matches). */
final class Patterns {

    private Patterns() {
    }

    static boolean matches(Base value, Base pattern) {
        if (pattern.isPrimitive()) {
            return value.isPrimitive() && pattern.primitiveValue().equals(value.primitiveValue());
        }
        if (!value.fhirType().equals(pattern.fhirType())) {
            return false;
        }
        for (Property p : pattern.children()) {
            if (!p.hasValues()) {
                continue;
            }
            Property actual = value.getNamedProperty(p.getName());
            if (actual == null || !actual.hasValues()) {
                return false;
            }
            for (Base expected : p.getValues()) {
                if (actual.getValues().stream().noneMatch(v -> matches(v, expected))) {
                    return false;
                }
            }
        }
        return true;
    }
}
