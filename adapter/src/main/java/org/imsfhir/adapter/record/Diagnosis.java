package org.imsfhir.adapter.record;

import java.time.LocalDate;
import java.util.List;

/** A diagnosis the session treats; {@code system} must fit the record's jurisdiction. */
public record Diagnosis(
        DiagnosisSystem system,
        String code,
        String text,
        LocalDate onset,
        Side side,
        List<String> spinalLevels) {

    public Diagnosis {
        spinalLevels = spinalLevels == null ? List.of() : List.copyOf(spinalLevels);
    }
}
