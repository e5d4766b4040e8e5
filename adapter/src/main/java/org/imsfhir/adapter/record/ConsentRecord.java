package org.imsfhir.adapter.record;

import java.time.LocalDate;

/** Informed consent to needling: when and by whom ({@code patient} or {@code guardian}). */
public record ConsentRecord(LocalDate date, String signedBy) {
}
