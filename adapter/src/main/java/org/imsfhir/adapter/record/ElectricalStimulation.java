package org.imsfhir.adapter.record;

import java.math.BigDecimal;

/** Electrical stimulation through the needles. */
public record ElectricalStimulation(BigDecimal frequencyHz, BigDecimal minutes) {
}
