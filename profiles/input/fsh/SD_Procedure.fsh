Profile: ImsSessionProcedure
Parent: Procedure
Id: ims-session-procedure
Title: "IMS session procedure"
Description: "One Gunn IMS (intramuscular stimulation) dry needling session: coded SNOMED CT 231082000 Dry needle acupuncture plus the local ims-procedure#gunn-ims, with one bodySite and one ims-needled-site extension per treated (muscle, side), the needle, optional electrical stimulation, the session number in the course and the consent."
* insert ProfileMeta
* insert BusinessIdentifier
* obeys ims-proc-1 and ims-proc-2 and ims-proc-3 and ims-proc-4 and ims-proc-5
* extension contains
    ImsNeedledSite named needledSite 0..* and
    ImsNeedleSpecification named needleSpecification 0..1 and
    ImsElectricalStimulation named electricalStimulation 0..1 and
    ImsSessionNumber named sessionNumber 0..1 and
    ImsConsentReference named consentReference 0..1
* extension[needledSite] ^short = "One per treated site, same order as bodySite (required when completed)"
* status from ImsEventStatusVS (required)
* status ^short = "completed | not-done | entered-in-error"
* statusReason ^short = "Why the session was not done (required when not-done)"
* code 1..1
* code from ImsSessionProcedureCodeVS (required)
* code.coding 2..*
* insert CodingSlicing(code.coding)
* code.coding contains snomed 1..1 and ims 1..1
* code.coding[snomed] = $sct#231082000
* code.coding[snomed] ^short = "SNOMED CT 231082000 Dry needle acupuncture"
* code.coding[ims] = $ims-procedure#gunn-ims
* code.coding[ims] ^short = "Local code: Gunn intramuscular stimulation"
* subject only Reference(Patient)
* encounter 1..1
* encounter only Reference(Encounter)
* performed[x] 1..1
* performed[x] only Period
* performedPeriod.start 1..1
* performer 1..*
* performer.actor only Reference(PractitionerRole)
* performer.onBehalfOf 1..1
* performer.onBehalfOf only Reference(Organization)
* reasonReference 1..*
* reasonReference only Reference(Condition)
* reasonReference ^short = "Every diagnosis (ims-diagnosis Condition) the session treats"
* bodySite from ImsNeedledMuscleVS (required)
* bodySite ^short = "One per treated (muscle, side): ims-muscle code (+ verified SNOMED CT code)"
* bodySite.extension contains ImsLaterality named laterality 1..1
* complication from ImsAdverseEventVS (required)
* complication ^short = "Mild adverse events during or right after needling (ims-adverse-event-type)"

Invariant: ims-proc-1
Description: "The session period ends at or after its start."
Severity: #error
Expression: "performed.ofType(Period).all(end.empty() or end >= start)"

Invariant: ims-proc-2
Description: "A session that was not done says why (statusReason)."
Severity: #error
Expression: "status = 'not-done' implies statusReason.exists()"

Invariant: ims-proc-3
Description: "A completed session has at least one needled site."
Severity: #error
Expression: "status = 'completed' implies extension('https://ims-fhir-adapter.github.io/ig/StructureDefinition/ims-needled-site').exists()"

Invariant: ims-proc-4
Description: "A session that was not done has no needled site and no body site."
Severity: #error
Expression: "status = 'not-done' implies (extension('https://ims-fhir-adapter.github.io/ig/StructureDefinition/ims-needled-site').empty() and bodySite.empty())"

Invariant: ims-proc-5
Description: "There is one bodySite per needled site."
Severity: #error
Expression: "bodySite.count() = extension('https://ims-fhir-adapter.github.io/ig/StructureDefinition/ims-needled-site').count()"
