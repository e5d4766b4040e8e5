// Extensions of the IMS package. Base R4 has no place for per-site needling details, needle
// specification, e-stim, measurement timing, the course session number or the consent of a Procedure.

RuleSet: ExtensionMeta
* ^status = #active
* ^experimental = false
* ^publisher = "ims-fhir-adapter project"

Extension: ImsNeedledSite
Id: ims-needled-site
Title: "IMS needled site"
Description: "One needled site of an IMS session: a muscle on one side, local or segmental (then with its spinal level), the number of needle insertions and of local twitch responses. Repeats once per treated site, in the same order as Procedure.bodySite."
Context: Procedure
* insert ExtensionMeta
* obeys ims-ns-1 and ims-ns-2 and ims-ns-3
* extension contains
    muscle 1..1 and
    laterality 1..1 and
    siteType 1..1 and
    spinalLevel 0..1 and
    insertions 1..1 and
    twitchResponses 0..1
* extension[muscle] ^short = "Needled muscle (ims-muscle code, plus its verified SNOMED CT code when there is one)"
* extension[muscle].value[x] only CodeableConcept
* extension[muscle].valueCodeableConcept from ImsNeedledMuscleVS (required)
* extension[laterality] ^short = "Side: SNOMED CT 7771000 Left or 24028007 Right (every listed muscle is paired)"
* extension[laterality].value[x] only CodeableConcept
* extension[laterality].valueCodeableConcept from ImsLateralityVS (required)
* extension[siteType] ^short = "local | segmental"
* extension[siteType].value[x] only code
* extension[siteType].valueCode from ImsSiteTypeVS (required)
* extension[spinalLevel] ^short = "Spinal segment of a segmental (paraspinal) site"
* extension[spinalLevel].value[x] only Coding
* extension[spinalLevel].valueCoding from ImsSpinalSegmentVS (required)
* extension[insertions] ^short = "Number of needle insertions (at least 1)"
* extension[insertions].value[x] only positiveInt
* extension[twitchResponses] ^short = "Number of local twitch responses (0..insertions)"
* extension[twitchResponses].value[x] only unsignedInt

Invariant: ims-ns-1
Description: "Twitch responses cannot exceed needle insertions."
Severity: #error
Expression: "extension('twitchResponses').empty() or extension('twitchResponses').value <= extension('insertions').value"

Invariant: ims-ns-2
Description: "A spinal level is given if and only if the site type is segmental."
Severity: #error
Expression: "extension('spinalLevel').exists() = (extension('siteType').value = 'segmental')"

Invariant: ims-ns-3
Description: "The muscle carries exactly one code from the ims-muscle code system."
Severity: #error
Expression: "extension('muscle').value.coding.where(system = 'https://ims-fhir-adapter.github.io/ig/CodeSystem/ims-muscle').count() = 1"

Extension: ImsNeedleSpecification
Id: ims-needle-specification
Title: "IMS needle specification"
Description: "The needle used in the session: diameter and length in millimetres (UCUM mm)."
Context: Procedure
* insert ExtensionMeta
* obeys ims-nsp-1
* extension contains
    diameter 1..1 and
    length 1..1
* extension[diameter] ^short = "Needle diameter in mm (e.g. 0.25, 0.30)"
* extension[diameter].value[x] only Quantity
* extension[diameter].valueQuantity = $ucum#mm
* extension[diameter].valueQuantity.value 1..1
* extension[length] ^short = "Needle length in mm (e.g. 25, 40, 60, 75)"
* extension[length].value[x] only Quantity
* extension[length].valueQuantity = $ucum#mm
* extension[length].valueQuantity.value 1..1

Invariant: ims-nsp-1
Description: "Needle diameter and length are greater than zero."
Severity: #error
Expression: "extension('diameter').value.value > 0 and extension('length').value.value > 0"

Extension: ImsElectricalStimulation
Id: ims-electrical-stimulation
Title: "IMS electrical stimulation"
Description: "Electrical stimulation applied through the needles: frequency (UCUM Hz) and duration (UCUM min)."
Context: Procedure
* insert ExtensionMeta
* obeys ims-es-1
* extension contains
    frequency 1..1 and
    duration 1..1
* extension[frequency] ^short = "Stimulation frequency in Hz"
* extension[frequency].value[x] only Quantity
* extension[frequency].valueQuantity = $ucum#Hz
* extension[frequency].valueQuantity.value 1..1
* extension[duration] ^short = "Stimulation duration in minutes"
* extension[duration].value[x] only Quantity
* extension[duration].valueQuantity = $ucum#min
* extension[duration].valueQuantity.value 1..1

Invariant: ims-es-1
Description: "Stimulation frequency and duration are greater than zero."
Severity: #error
Expression: "extension('frequency').value.value > 0 and extension('duration').value.value > 0"

Extension: ImsMeasurementTiming
Id: ims-measurement-timing
Title: "IMS measurement timing"
Description: "When in the session a measurement was taken: pre (before needling), post (after) or followup."
Context: Observation
* insert ExtensionMeta
* value[x] 1..1
* value[x] only code
* valueCode from ImsMeasurementTimingVS (required)

Extension: ImsSessionNumber
Id: ims-session-number
Title: "IMS session number"
Description: "Number of this session in the patient's course of IMS treatment (1 = first)."
Context: Procedure
* insert ExtensionMeta
* value[x] 1..1
* value[x] only positiveInt

Extension: ImsConsentReference
Id: ims-consent-reference
Title: "IMS consent reference"
Description: "The informed consent to needling under which the session was performed (R4 Procedure has no consent element)."
Context: Procedure
* insert ExtensionMeta
* value[x] 1..1
* value[x] only Reference(Consent)

Extension: ImsLaterality
Id: ims-laterality
Title: "IMS laterality"
Description: "Side of a body site, as a SNOMED CT qualifier (7771000 Left, 24028007 Right). Same shape as the mCODE laterality qualifier, under the IMS canonical so the package has no mCODE dependency."
Context: Procedure.bodySite, Condition.bodySite, Observation.bodySite
* insert ExtensionMeta
* value[x] 1..1
* value[x] only CodeableConcept
* valueCodeableConcept from ImsLateralityVS (required)

Extension: ImsSpinalLevel
Id: ims-spinal-level
Title: "IMS spinal level"
Description: "A spinal (nerve root) segment of a body site, e.g. L5 for a lumbar radiculopathy."
Context: Condition.bodySite, Procedure.bodySite
* insert ExtensionMeta
* value[x] 1..1
* value[x] only Coding
* valueCoding from ImsSpinalSegmentVS (required)
