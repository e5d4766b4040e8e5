package org.imsfhir.adapter.record;

import java.math.BigDecimal;

/** Range of motion of a joint movement (codes from {@code ims-joint}, {@code ims-movement}) in degrees. */
public record RangeOfMotion(
        String joint,
        String movement,
        Side side,
        BigDecimal degreesBefore,
        BigDecimal degreesAfter) {
}
