package org.imsfhir.adapter.record;

/** The sending practice system: its base URI (identifier namespace) and the clinic's id. */
public record Source(String system, String clinicId) {
}
