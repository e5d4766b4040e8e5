package org.imsfhir.adapter.map;

import java.math.BigDecimal;
import org.hl7.fhir.r4.model.Quantity;
import org.imsfhir.adapter.fhir.ImsCanonical;

/** UCUM quantities; unit text and code are the same UCUM expression. */
final class Quantities {
    static final String MILLIMETRE = "mm";
    static final String HERTZ = "Hz";
    static final String MINUTE = "min";
    static final String DEGREE = "deg";
    static final String PERCENT = "%";
    static final String SCORE = "{score}";

    private Quantities() {
    }

    static Quantity ucum(BigDecimal value, String unit) {
        return new Quantity().setValue(value).setUnit(unit).setSystem(ImsCanonical.UCUM).setCode(unit);
    }
}
