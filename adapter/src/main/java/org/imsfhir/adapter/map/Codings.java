package org.imsfhir.adapter.map;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.Side;
import org.imsfhir.adapter.terminology.Terminology;

/**
 * Codings built from the project's code lists ({@link Terminology}) and the verified constants in
 * {@link ImsCanonical}. Every call returns new elements: HAPI elements are mutable and must not be
 * shared between resources.
 */
final class Codings {
    private Codings() {
    }

    /** The local concept as a Coding (system, code, display from the code list). */
    static Coding local(Terminology.Concept concept) {
        return new Coding(concept.system(), concept.code(), concept.display());
    }

    /** The local coding, followed by the SNOMED CT coding when the code list maps one. */
    static CodeableConcept localWithSnomed(Terminology.Concept concept) {
        CodeableConcept cc = new CodeableConcept().addCoding(local(concept));
        concept.snomed().ifPresent(code -> cc.addCoding(new Coding().setSystem(ImsCanonical.SNOMED).setCode(code)));
        return cc;
    }

    /** SNOMED CT laterality qualifier: 7771000 Left, 24028007 Right. */
    static CodeableConcept laterality(Side side) {
        Coding coding = switch (side) {
            case LEFT -> new Coding(ImsCanonical.SNOMED, ImsCanonical.SNOMED_LEFT, ImsCanonical.Display.SNOMED_LEFT);
            case RIGHT -> new Coding(ImsCanonical.SNOMED, ImsCanonical.SNOMED_RIGHT, ImsCanonical.Display.SNOMED_RIGHT);
        };
        return new CodeableConcept(coding);
    }

    /** The ims-laterality extension carried on a bodySite CodeableConcept. */
    static Extension lateralityExtension(Side side) {
        return new Extension(ImsCanonical.EXT_LATERALITY, laterality(side));
    }

    /** ims-spinal-segment coding of a level such as {@code L5}. */
    static Coding spinalSegment(Terminology terminology, String level) {
        return local(terminology.require(ImsCanonical.CS_SPINAL_SEGMENT, level));
    }

    /** A CodeableConcept of one HL7 terminology coding (system, code, display taken from HAPI's code system enums). */
    static CodeableConcept hl7(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display));
    }
}
