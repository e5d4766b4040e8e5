package org.imsfhir.adapter.map;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsPractitioner;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.terminology.Terminology;

/**
 * {@code practitioner} to Practitioner (ims-practitioner): clinic id and licence as identifiers,
 * the licence and the Gunn IMS certification as qualifications. Stateless.
 */
public final class PractitionerMapper {
    static final String QUALIFICATION_LICENCE = "professional-licence";
    static final String QUALIFICATION_GUNN_IMS = "gunn-ims-certified";

    private final Terminology terminology;

    public PractitionerMapper(Terminology terminology) {
        this.terminology = terminology;
    }

    public Practitioner map(ImsSession session, BusinessIdentifiers ids) {
        ImsPractitioner p = session.practitioner();
        Practitioner practitioner = new Practitioner();
        practitioner.getMeta().addProfile(ImsCanonical.PROFILE_PRACTITIONER);
        practitioner.addIdentifier(ids.practitioner().toIdentifier());
        if (p.licence() != null) {
            practitioner.addIdentifier(BusinessIdentifiers.licence(p.licence()));
        }
        if (p.family() != null || !p.given().isEmpty()) {
            HumanName name = practitioner.addName().setFamily(p.family());
            p.given().forEach(name::addGiven);
        }
        if (p.licence() != null) {
            practitioner.addQualification()
                    .addIdentifier(BusinessIdentifiers.licence(p.licence()))
                    .setCode(qualification(QUALIFICATION_LICENCE))
                    .setIssuer(new Reference().setDisplay(p.licence().issuer()));
        }
        if (Boolean.TRUE.equals(p.imsCertified())) {
            practitioner.addQualification().setCode(qualification(QUALIFICATION_GUNN_IMS));
        }
        return practitioner;
    }

    private CodeableConcept qualification(String code) {
        return new CodeableConcept(Codings.local(terminology.require(ImsCanonical.CS_QUALIFICATION, code)));
    }
}
