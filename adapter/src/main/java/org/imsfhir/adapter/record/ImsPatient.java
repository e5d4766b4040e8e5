package org.imsfhir.adapter.record;

import java.time.LocalDate;
import java.util.List;

/**
 * The patient. Everything here except {@code id} and {@code registryConsent} is patient data:
 * never log it, never put it in registry output.
 */
public record ImsPatient(
        String id,
        HealthNumber healthNumber,
        String family,
        List<String> given,
        LocalDate birthDate,
        Sex sex,
        String postalCode,
        Boolean registryConsent) {

    public ImsPatient {
        given = given == null ? List.of() : List.copyOf(given);
    }

    /** Only an explicit {@code true} lets the patient into registry feeds. */
    public boolean consentsToRegistry() {
        return Boolean.TRUE.equals(registryConsent);
    }

    @Override
    public String toString() {
        return "ImsPatient[id=" + id + ", <patient data withheld>]";
    }
}
