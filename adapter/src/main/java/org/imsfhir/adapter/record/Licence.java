package org.imsfhir.adapter.record;

/** A professional licence: the issuing jurisdiction (e.g. {@code CA-BC}) and the number. */
public record Licence(String issuer, String number) {
}
