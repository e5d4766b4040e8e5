package org.imsfhir.adapter.map;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;

/**
 * java.time to FHIR date types. Date-times keep the record's own UTC offset (so the output never
 * depends on the JVM's default time zone); instants are written in UTC.
 */
final class FhirTime {
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private FhirTime() {
    }

    static DateTimeType dateTime(OffsetDateTime t) {
        if (t == null) {
            return null;
        }
        TemporalPrecisionEnum precision = t.getNano() == 0 ? TemporalPrecisionEnum.SECOND : TemporalPrecisionEnum.MILLI;
        return new DateTimeType(Date.from(t.toInstant()), precision, TimeZone.getTimeZone(t.getOffset()));
    }

    /** A date-time of day precision ({@code 2026-08-01}). */
    static DateTimeType dateTime(LocalDate d) {
        return d == null ? null : new DateTimeType(d.toString());
    }

    static DateType date(LocalDate d) {
        return d == null ? null : new DateType(d.toString());
    }

    static InstantType instant(Instant i) {
        InstantType instant = new InstantType(Date.from(i), TemporalPrecisionEnum.MILLI, UTC);
        instant.setTimeZoneZulu(true);
        return instant;
    }

    static Period period(OffsetDateTime start, OffsetDateTime end) {
        Period p = new Period();
        p.setStartElement(dateTime(start));
        if (end != null) {
            p.setEndElement(dateTime(end));
        }
        return p;
    }
}
