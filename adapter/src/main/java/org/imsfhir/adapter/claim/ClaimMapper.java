package org.imsfhir.adapter.claim;

import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.codesystems.ClaimCareteamrole;
import org.hl7.fhir.r4.model.codesystems.ClaimType;

import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.map.BusinessIdentifiers;
import org.imsfhir.adapter.record.Billing;
import org.imsfhir.adapter.record.Diagnosis;
import org.imsfhir.adapter.record.ImsSession;

/**
 * One billable session to a professional Claim (ims-claim): the PractitionerRole as provider and
 * care team member 1, the session Procedure as procedure 1, every diagnosis by sequence, one item
 * with the service code and the fee. References use the fullUrls of {@link BusinessIdentifiers}
 * and {@link ClaimIdentifiers}, so the bundle's other entries resolve them.
 */
public final class ClaimMapper {
    private static final java.time.format.DateTimeFormatter SECONDS_WITH_OFFSET =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    public Claim map(ImsSession session, ServiceCode code, BusinessIdentifiers ids, ClaimIdentifiers claimIds,
                     Instant created) {
        Billing billing = session.billing();
        Claim claim = new Claim();
        claim.getMeta().addProfile(ImsCanonical.PROFILE_CLAIM);
        claim.addIdentifier(claimIds.claim().toIdentifier()); // source.system + /claim | sessionId
        claim.setStatus(Claim.ClaimStatus.ACTIVE);
        claim.setType(concept(ClaimType.PROFESSIONAL.getSystem(), ClaimType.PROFESSIONAL.toCode(),
                ClaimType.PROFESSIONAL.getDisplay()));
        claim.setUse(Claim.Use.CLAIM);
        claim.setPatient(ids.patient().reference());
        claim.setCreatedElement(new DateTimeType(Date.from(created), ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND,
                java.util.TimeZone.getTimeZone("UTC")));
        claim.setInsurer(claimIds.insurer().reference());
        claim.setProvider(ids.practitionerRole().reference());
        claim.setPriority(concept("http://terminology.hl7.org/CodeSystem/processpriority", "normal",
                "Normal"));

        claim.addCareTeam().setSequence(1).setProvider(ids.practitionerRole().reference())
                .setRole(concept(ClaimCareteamrole.PRIMARY.getSystem(), ClaimCareteamrole.PRIMARY.toCode(),
                        ClaimCareteamrole.PRIMARY.getDisplay()));
        for (int i = 0; i < session.diagnoses().size(); i++) {
            Diagnosis d = session.diagnoses().get(i);
            CodeableConcept dx = concept(d.system().uri(), d.code(), null);
            dx.setText(d.text());
            claim.addDiagnosis().setSequence(i + 1).setDiagnosis(dx); // diagnoses[i]
        }
        claim.addProcedure().setSequence(1).setProcedure(ids.procedure().reference())
                .setDateElement(new DateTimeType(session.start().format(SECONDS_WITH_OFFSET)));
        claim.addInsurance().setSequence(1).setFocal(true).setCoverage(claimIds.coverage().reference());

        Money fee = money(billing);
        Claim.ItemComponent item = claim.addItem();
        item.setSequence(1);
        item.addCareTeamSequence(1);
        for (int i = 0; i < session.diagnoses().size(); i++) {
            item.getDiagnosisSequence().add(new PositiveIntType(i + 1));
        }
        item.addProcedureSequence(1);
        item.setProductOrService(code.toCodeableConcept());
        // The session's local calendar date (start carries the clinic's offset).
        item.setServiced(new DateType(session.start().toLocalDate().toString()));
        item.getQuantity().setValue(1);
        item.setUnitPrice(fee);
        item.setNet(money(billing));
        claim.setTotal(money(billing));
        return claim;
    }

    private static Money money(Billing billing) {
        Money m = new Money();
        m.setValue(billing.fee().amount());
        m.setCurrency(billing.fee().currency());
        return m;
    }

    private static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept(new Coding().setSystem(system).setCode(code).setDisplay(display));
    }
}
