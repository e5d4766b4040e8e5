package org.imsfhir.adapter.record;

import java.util.List;

/** The treating practitioner; {@code imsCertified} false means the session is not an IMS session. */
public record ImsPractitioner(
        String id,
        String family,
        List<String> given,
        Licence licence,
        Boolean imsCertified) {

    public ImsPractitioner {
        given = given == null ? List.of() : List.copyOf(given);
    }
}
