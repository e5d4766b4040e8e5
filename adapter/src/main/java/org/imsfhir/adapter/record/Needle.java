package org.imsfhir.adapter.record;

import java.math.BigDecimal;

/** Needle specification in millimetres. */
public record Needle(BigDecimal diameterMm, BigDecimal lengthMm) {
}
