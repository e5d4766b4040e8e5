package org.imsfhir.adapter;

import org.hl7.fhir.r4.model.Bundle;
import org.imsfhir.adapter.record.SessionKey;

/**
 * The outcome of converting one session: its business key (safe to log) and the EHR transaction
 * Bundle. The Bundle is mutable HAPI structure owned by the caller.
 */
public record ConversionResult(SessionKey sessionKey, Bundle bundle) {
}
