package org.imsfhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.imsfhir.profiles.build.PackageLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Must-fail table: each case breaks one rule of a valid example and expects an error whose
 * message id or invariant key and FHIRPath location identify the rule (never the English text).
 */
class BrokenVariantsTest {

    private static final String IMS = "https://ims-fhir-adapter.github.io/ig/";
    private static final String NEEDLED_SITE = IMS + "StructureDefinition/ims-needled-site";
    private static final String TIMING = IMS + "StructureDefinition/ims-measurement-timing";
    private static final String PROCEDURE = "Procedure-ims-example-session-procedure.json";
    private static final String PAIN = "Observation-ims-example-pain-post.json";

    static Stream<Arguments> cases() {
        return Stream.of(
                broken("twitch responses above insertions", PROCEDURE, (Procedure p) ->
                        site(p, 0).getExtensionByUrl("twitchResponses").setValue(new UnsignedIntType(5)),
                        "ims-ns-1", "Procedure.extension[0]"),
                broken("segmental site without spinal level", PROCEDURE, (Procedure p) ->
                        site(p, 1).removeExtension("spinalLevel"),
                        "ims-ns-2", "Procedure.extension[1]"),
                broken("local site with a spinal level", PROCEDURE, (Procedure p) ->
                        site(p, 0).addExtension("spinalLevel", new Coding(IMS + "CodeSystem/ims-spinal-segment", "L4", null)),
                        "ims-ns-2", "Procedure.extension[0]"),
                broken("muscle without an ims-muscle code", PROCEDURE, (Procedure p) ->
                        ((CodeableConcept) site(p, 0).getExtensionByUrl("muscle").getValue()).getCoding().remove(0),
                        "ims-ns-3", "Procedure.extension[0]"),
                broken("unknown local muscle code", PROCEDURE, (Procedure p) ->
                        p.getBodySiteFirstRep().getCodingFirstRep().setCode("biceps-femoris-x"),
                        "Terminology_TX_NoValid_1_CC", "Procedure.bodySite[0]"),
                broken("needled site without insertions", PROCEDURE, (Procedure p) ->
                        site(p, 0).removeExtension("insertions"),
                        "Extension.extension:insertions", "Procedure.extension[0]"),
                broken("session ends before it starts", PROCEDURE, (Procedure p) ->
                        p.getPerformedPeriod().setEndElement(new DateTimeType("2026-11-02T09:00:00-08:00")),
                        "ims-proc-1", "Procedure"),
                broken("completed session without needled sites", PROCEDURE, (Procedure p) -> {
                    p.getExtension().removeIf(e -> e.getUrl().equals(NEEDLED_SITE));
                    p.getBodySite().clear();
                }, "ims-proc-3", "Procedure"),
                broken("not-done session without a reason", "Procedure-ims-example-session-procedure-not-done.json",
                        (Procedure p) -> p.setStatusReason(null),
                        "ims-proc-2", "Procedure"),
                broken("a bodySite without its needled site", PROCEDURE, (Procedure p) ->
                        p.getExtension().remove(p.getExtensionsByUrl(NEEDLED_SITE).get(1)),
                        "ims-proc-5", "Procedure"),
                broken("SNOMED code of the session replaced", PROCEDURE, (Procedure p) ->
                        p.getCode().getCoding().get(0).setCode("44868003"),
                        "Procedure.code.coding:snomed", "Procedure.code"),
                broken("pain above 10", PAIN, (Observation o) -> o.setValue(new IntegerType(11)),
                        "ims-pain-1", "Observation"),
                broken("pain below 0", PAIN, (Observation o) -> o.setValue(new IntegerType(-1)),
                        "ims-pain-1", "Observation"),
                broken("pain as a Quantity", PAIN, (Observation o) -> o.setValue(new Quantity(4)),
                        "Extension_PROF_Type", "Observation.value"),
                broken("pain without measurement timing", PAIN, (Observation o) -> o.getExtension().removeIf(e -> e.getUrl().equals(TIMING)),
                        "Observation.extension:measurementTiming", "Observation"),
                broken("unknown measurement timing", PAIN, (Observation o) ->
                        o.getExtensionByUrl(TIMING).setValue(new CodeType("during")),
                        "Terminology_TX_NoValid_16", "Observation.extension[0].value"),
                broken("pain with another LOINC code", PAIN, (Observation o) ->
                        o.getCode().getCodingFirstRep().setCode("38208-5"),
                        "TYPE_CHECKS_PATTERN_CC", "Observation.code"),
                broken("ODI above 100 %", "Observation-ims-example-odi.json", (Observation o) ->
                        o.getValueQuantity().setValue(120),
                        "ims-odi-1", "Observation"),
                broken("ODI in another unit", "Observation-ims-example-odi.json", (Observation o) ->
                        o.getValueQuantity().setCode("{score}"),
                        "Observation.value", "Observation.value"),
                broken("NDI above 50", "Observation-ims-example-ndi.json", (Observation o) ->
                        o.getValueQuantity().setValue(51),
                        "ims-ndi-1", "Observation"),
                broken("PSFS above 10", "Observation-ims-example-psfs.json", (Observation o) ->
                        o.getValueQuantity().setValue(10.5),
                        "ims-psfs-1", "Observation"),
                broken("range of motion above 360 degrees", "Observation-ims-example-rom-pre.json", (Observation o) ->
                        o.getComponentFirstRep().getValueQuantity().setValue(400),
                        "ims-rom-1", "Observation"),
                broken("unknown joint", "Observation-ims-example-rom-pre.json", (Observation o) ->
                        o.getBodySite().getCodingFirstRep().setCode("little-toe"),
                        "Terminology_TX_NoValid_1_CC", "Observation.bodySite"),
                broken("encounter ends before it starts", "Encounter-ims-example-encounter.json", (Encounter e) ->
                        e.getPeriod().setEndElement(new DateTimeType("2026-11-02T09:00:00-08:00")),
                        "ims-enc-1", "Encounter"),
                broken("encounter status in-progress", "Encounter-ims-example-encounter.json", (Encounter e) ->
                        e.setStatus(Encounter.EncounterStatus.INPROGRESS),
                        "Terminology_TX_NoValid_16", "Encounter.status"),
                broken("diagnosis coded in CPT", "Condition-ims-example-diagnosis.json", (Condition c) ->
                        c.getCode().getCodingFirstRep().setSystem("http://www.ama-assn.org/go/cpt"),
                        "ims-dx-1", "Condition"),
                broken("confirmed diagnosis without clinical status", "Condition-ims-example-diagnosis.json",
                        (Condition c) -> c.setClinicalStatus(null),
                        "ims-dx-2", "Condition"),
                broken("wrong spinal segment on a diagnosis", "Condition-ims-example-diagnosis.json", (Condition c) ->
                        ((Coding) c.getBodySiteFirstRep().getExtensionByUrl(IMS + "StructureDefinition/ims-spinal-level")
                                .getValue()).setCode("L6"),
                        "Terminology_TX_NoValid_", "Condition.bodySite[0].extension[1].value"),
                broken("pneumothorax recorded as non-serious", "AdverseEvent-ims-example-adverse-event.json",
                        (AdverseEvent a) -> a.getSeriousness().getCodingFirstRep().setCode("Non-serious").setDisplay(null),
                        "ims-ae-1", "AdverseEvent"),
                broken("practitioner without licence", "Practitioner-ims-example-practitioner.json",
                        (Practitioner p) -> p.getQualification().remove(0),
                        "Validation_VAL_Profile_Minimum_SLICE", "Practitioner"),
                broken("unknown qualification code", "Practitioner-ims-example-practitioner.json",
                        (Practitioner p) -> p.getQualification().get(1).getCode().getCodingFirstRep().setCode("guru"),
                        "Terminology_TX_NoValid_1_CC", "Practitioner.qualification[1].code"),
                broken("health number outside the IMS namespace", "Patient-ims-example-patient.json",
                        (Patient p) -> p.getIdentifier().get(1).setSystem("urn:oid:2.16.840.1.113883.4.1"),
                        "ims-pat-1", "Patient"),
                broken("identifier without system", "Patient-ims-example-patient.json",
                        (Patient p) -> p.getIdentifierFirstRep().setSystem(null),
                        "Validation_VAL_Profile_Minimum", "Patient.identifier[0]"),
                broken("role without organization", "PractitionerRole-ims-example-practitioner-role.json",
                        (PractitionerRole r) -> r.setOrganization(null),
                        "Validation_VAL_Profile_Minimum", "PractitionerRole"),
                broken("consent that denies", "Consent-ims-example-consent.json",
                        (Consent c) -> c.getProvision().setType(Consent.ConsentProvisionType.DENY),
                        "Consent.provision.type", "Consent.provision.type"),
                broken("provenance without the assembler", "Provenance-ims-example-provenance.json",
                        (Provenance p) -> p.getAgent().remove(0),
                        "Validation_VAL_Profile_Minimum_SLICE", "Provenance"),
                broken("claim item pointing to a missing diagnosis", "Claim-ims-example-claim.json",
                        (Claim c) -> c.getItemFirstRep().getDiagnosisSequence().get(0).setValue(2),
                        "ims-claim-1", "Claim"),
                broken("claim with an acupuncture CPT code", "Claim-ims-example-claim.json",
                        (Claim c) -> c.getItemFirstRep().getProductOrService().getCodingFirstRep().setCode("97810"),
                        "ims-claim-2", "Claim"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void brokenVariantIsRejected(String name, Resource broken, String expectedKey, String expectedLocation) {
        ValidationResult result = PackageValidator.validate(broken);
        List<SingleValidationMessage> errors = PackageValidator.errors(result);
        assertThat(errors).as("errors for '%s':%s", name, PackageValidator.describe(result.getMessages()))
                .anySatisfy(e -> {
                    assertThat(e.getLocationString()).startsWith(expectedLocation);
                    assertThat(e.getMessageId() + " " + e.getMessage()).contains(expectedKey);
                });
    }

    private static <T extends Resource> Arguments broken(String name, String example, Consumer<T> breakIt,
            String expectedKey, String expectedLocation) {
        @SuppressWarnings("unchecked")
        T resource = (T) load(example);
        breakIt.accept(resource);
        return Arguments.of(name, resource, expectedKey, expectedLocation);
    }

    private static Extension site(Procedure procedure, int index) {
        return procedure.getExtensionsByUrl(NEEDLED_SITE).get(index);
    }

    private static Resource load(String example) {
        Path file = PackageLayout.exampleFolder(Path.of("").toAbsolutePath()).resolve(example);
        try {
            return (Resource) PackageValidator.CTX.newJsonParser().parseResource(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
