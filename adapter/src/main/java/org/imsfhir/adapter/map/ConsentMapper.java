package org.imsfhir.adapter.map;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ConsentState;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.codesystems.ConsentScope;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ConsentRecord;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.SessionStatus;

/**
 * {@code consent} to Consent (ims-consent): treatment scope, permit for dry needling, signed by the
 * patient (a reference) or a guardian (display only: the record does not identify the guardian).
 */
public final class ConsentMapper {
    static final String SIGNED_BY_PATIENT = "patient";
    static final String GUARDIAN_DISPLAY = "guardian";

    public Consent map(ImsSession session, BusinessIdentifiers ids) {
        ConsentRecord record = session.consent();
        Consent consent = new Consent();
        consent.getMeta().addProfile(ImsCanonical.PROFILE_CONSENT);
        consent.addIdentifier(ids.consent().toIdentifier());
        consent.setStatus(session.status() == SessionStatus.ENTERED_IN_ERROR
                ? ConsentState.ENTEREDINERROR : ConsentState.ACTIVE);
        consent.setScope(Codings.hl7(ConsentScope.TREATMENT.getSystem(), ConsentScope.TREATMENT.toCode(),
                ConsentScope.TREATMENT.getDisplay()));
        consent.addCategory(new CodeableConcept(new Coding(ImsCanonical.LOINC, ImsCanonical.LOINC_PATIENT_CONSENT,
                ImsCanonical.Display.LOINC_PATIENT_CONSENT)));
        consent.setPatient(ids.patient().reference());
        if (record != null) {
            consent.setDateTimeElement(FhirTime.dateTime(record.date()));
            consent.addPerformer(SIGNED_BY_PATIENT.equals(record.signedBy())
                    ? ids.patient().reference()
                    : new Reference().setDisplay(GUARDIAN_DISPLAY));
        }
        consent.addOrganization(ids.organization().reference());
        // ppc-1: a Consent needs a policy or policyRule; this names the clinic's needling consent.
        consent.addPolicy().setUri(session.source().system() + ImsCanonical.IdentifierSuffix.CONSENT_POLICY_NEEDLING);
        consent.getProvision()
                .setType(ConsentProvisionType.PERMIT)
                .addCode(new CodeableConcept(new Coding(ImsCanonical.SNOMED, ImsCanonical.SNOMED_DRY_NEEDLING,
                        ImsCanonical.Display.SNOMED_DRY_NEEDLING)));
        return consent;
    }
}
