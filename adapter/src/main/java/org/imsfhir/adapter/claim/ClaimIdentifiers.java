package org.imsfhir.adapter.claim;

import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.map.DeterministicUuid;
import org.imsfhir.adapter.record.ImsSession;

/**
 * Business identifiers of the claim's own resources, with deterministic fullUrls (same naming as
 * the EHR bundle: name-based UUID of type|system|value). The Claim's identifier
 * ({@code source.system/claim | sessionId}) is what makes a resubmission recognisable.
 */
public record ClaimIdentifiers(Id claim, Id coverage, Id insurer) {

    /** One identifier and its fullUrl. */
    public record Id(String resourceType, String system, String value) {
        public Identifier toIdentifier() {
            return new Identifier().setSystem(system).setValue(value);
        }

        public String fullUrl() {
            return DeterministicUuid.urn(DeterministicUuid.of(resourceType, system, value));
        }

        public Reference reference() {
            return new Reference(fullUrl());
        }
    }

    public static ClaimIdentifiers of(ImsSession session, PayerConfig payer) {
        return new ClaimIdentifiers(
                new Id("Claim", session.source().system() + ImsCanonical.IdentifierSuffix.CLAIM, session.sessionId()),
                new Id("Coverage", payer.memberIdSystem(), session.billing().memberId()),
                new Id("Organization", ImsCanonical.Sid.PAYER, payer.payerId()));
    }
}
