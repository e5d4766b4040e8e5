package org.imsfhir.adapter.map;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.codesystems.ConditionCategory;
import org.hl7.fhir.r4.model.codesystems.ConditionClinical;
import org.hl7.fhir.r4.model.codesystems.ConditionVerStatus;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.Diagnosis;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.SessionStatus;
import org.imsfhir.adapter.terminology.Terminology;

/** One {@code diagnoses[i]} to a Condition (ims-diagnosis), category encounter-diagnosis. */
public final class ConditionMapper {
    private final Terminology terminology;

    public ConditionMapper(Terminology terminology) {
        this.terminology = terminology;
    }

    public Condition map(ImsSession session, int index, BusinessIdentifiers ids) {
        Diagnosis d = session.diagnoses().get(index);
        Condition condition = new Condition();
        condition.getMeta().addProfile(ImsCanonical.PROFILE_CONDITION);
        condition.addIdentifier(ids.conditions().get(index).toIdentifier());
        if (session.status() == SessionStatus.ENTERED_IN_ERROR) {
            // con-5: no clinicalStatus when the verification status is entered-in-error.
            condition.setVerificationStatus(Codings.hl7(ConditionVerStatus.ENTEREDINERROR.getSystem(),
                    ConditionVerStatus.ENTEREDINERROR.toCode(), ConditionVerStatus.ENTEREDINERROR.getDisplay()));
        } else {
            condition.setClinicalStatus(Codings.hl7(ConditionClinical.ACTIVE.getSystem(),
                    ConditionClinical.ACTIVE.toCode(), ConditionClinical.ACTIVE.getDisplay()));
            condition.setVerificationStatus(Codings.hl7(ConditionVerStatus.CONFIRMED.getSystem(),
                    ConditionVerStatus.CONFIRMED.toCode(), ConditionVerStatus.CONFIRMED.getDisplay()));
        }
        condition.addCategory(Codings.hl7(ConditionCategory.ENCOUNTERDIAGNOSIS.getSystem(),
                ConditionCategory.ENCOUNTERDIAGNOSIS.toCode(), ConditionCategory.ENCOUNTERDIAGNOSIS.getDisplay()));
        CodeableConcept code = new CodeableConcept(new Coding().setSystem(d.system().uri()).setCode(d.code()));
        code.setText(d.text());
        condition.setCode(code);
        condition.setSubject(ids.patient().reference());
        condition.setEncounter(ids.encounter().reference());
        if (d.onset() != null) {
            condition.setOnset(FhirTime.dateTime(d.onset()));
        }
        if (d.side() != null || !d.spinalLevels().isEmpty()) {
            condition.addBodySite(bodySite(d));
        }
        return condition;
    }

    /** Text "side levels" (e.g. {@code left L5}), laterality and spinal levels as extensions. */
    private CodeableConcept bodySite(Diagnosis d) {
        CodeableConcept site = new CodeableConcept();
        List<String> text = new ArrayList<>(1 + d.spinalLevels().size());
        if (d.side() != null) {
            site.addExtension(Codings.lateralityExtension(d.side()));
            text.add(d.side().code());
        }
        for (String level : d.spinalLevels()) {
            site.addExtension(new Extension(ImsCanonical.EXT_SPINAL_LEVEL, Codings.spinalSegment(terminology, level)));
            text.add(level);
        }
        site.setText(String.join(" ", text));
        return site;
    }
}
