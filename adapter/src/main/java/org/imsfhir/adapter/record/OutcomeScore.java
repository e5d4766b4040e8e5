package org.imsfhir.adapter.record;

import java.math.BigDecimal;
import java.time.LocalDate;

/** An outcome instrument score and the date it was taken. */
public record OutcomeScore(OutcomeInstrument instrument, BigDecimal score, LocalDate date) {
}
