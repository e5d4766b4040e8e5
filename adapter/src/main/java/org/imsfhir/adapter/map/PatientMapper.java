package org.imsfhir.adapter.map;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsPatient;
import org.imsfhir.adapter.record.ImsSession;

/** {@code patient} to Patient (ims-patient). Stateless. */
public final class PatientMapper {

    public Patient map(ImsSession session, BusinessIdentifiers ids) {
        ImsPatient p = session.patient();
        Patient patient = new Patient();
        patient.getMeta().addProfile(ImsCanonical.PROFILE_PATIENT);
        patient.addIdentifier(ids.patient().toIdentifier());
        if (p.healthNumber() != null) {
            patient.addIdentifier(BusinessIdentifiers.healthNumber(p.healthNumber()));
        }
        if (p.family() != null || !p.given().isEmpty()) {
            HumanName name = patient.addName().setFamily(p.family());
            p.given().forEach(name::addGiven);
        }
        if (p.sex() != null) {
            patient.setGender(AdministrativeGender.fromCode(p.sex().code()));
        }
        patient.setBirthDateElement(FhirTime.date(p.birthDate()));
        if (p.postalCode() != null) {
            Address address = patient.addAddress().setPostalCode(p.postalCode());
            address.setCountry(session.country());
        }
        return patient;
    }
}
