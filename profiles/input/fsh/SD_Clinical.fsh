// Encounter, diagnosis, consent, adverse event, provenance and claim.

Profile: ImsEncounter
Parent: Encounter
Id: ims-encounter
Title: "IMS encounter"
Description: "The ambulatory visit of one IMS session: finished (session completed), cancelled (not done) or entered-in-error, with the practitioner role and the clinic."
* insert ProfileMeta
* insert BusinessIdentifier
* obeys ims-enc-1
* status from ImsEncounterStatusVS (required)
* status ^short = "finished | cancelled | entered-in-error"
* class = $v3-ActCode#AMB
* subject 1..1
* subject only Reference(Patient)
* participant 1..*
* participant.individual 1..1
* participant.individual only Reference(PractitionerRole)
* period 1..1
* period.start 1..1
* serviceProvider 1..1
* serviceProvider only Reference(Organization)

Invariant: ims-enc-1
Description: "The visit ends at or after its start."
Severity: #error
Expression: "period.all(end.empty() or end >= start)"

Profile: ImsDiagnosis
Parent: Condition
Id: ims-diagnosis
Title: "IMS diagnosis"
Description: "A diagnosis the IMS session treats (encounter-diagnosis), coded in ICD-10-CM, ICD-10-CA or SNOMED CT, with the side (ims-laterality) and spinal levels (ims-spinal-level) on bodySite."
* insert ProfileMeta
* insert BusinessIdentifier
* obeys ims-dx-1 and ims-dx-2
* verificationStatus 1..1
* insert CategorySlice(encounterDiagnosis, $condition-category#encounter-diagnosis)
* code 1..1
* code.coding 1..*
* code from ImsDiagnosisCodeVS (preferred)
* code ^short = "ICD-10-CM, ICD-10-CA or SNOMED CT code (+ text)"
* subject only Reference(Patient)
* encounter 1..1
* encounter only Reference(Encounter)
* onset[x] only dateTime
* bodySite ^short = "Side and spinal levels of the diagnosis (text, e.g. 'left L5')"
* bodySite.extension contains
    ImsLaterality named laterality 0..1 and
    ImsSpinalLevel named spinalLevel 0..*

Invariant: ims-dx-1
Description: "Diagnosis codes come from ICD-10-CM, ICD-10-CA or SNOMED CT (the system URI is part of the code's identity)."
Severity: #error
Expression: "code.coding.all(system = 'http://hl7.org/fhir/sid/icd-10-cm' or system = 'http://hl7.org/fhir/sid/icd-10-ca' or system = 'http://snomed.info/sct')"

Invariant: ims-dx-2
Description: "A diagnosis that is not entered-in-error has a clinical status."
Severity: #error
Expression: "verificationStatus.coding.where(code = 'entered-in-error').exists() or clinicalStatus.exists()"

Profile: ImsConsent
Parent: Consent
Id: ims-consent
Title: "IMS consent"
Description: "The patient's (or guardian's) informed consent to dry needling treatment: scope treatment, category LOINC 59284-0, a permit provision for SNOMED CT 231082000 Dry needle acupuncture, and the clinic's needling consent policy."
* insert ProfileMeta
* insert BusinessIdentifier
* status from ImsConsentStatusVS (required)
* status ^short = "active | inactive | entered-in-error"
* scope = $consentscope#treatment
* insert CategorySlice(patientConsent, $loinc#59284-0)
* patient 1..1
* patient only Reference(Patient)
* dateTime 1..1
* dateTime ^short = "When the consent was given (on or before the session start)"
* performer 1..*
* performer ^short = "The patient who signed, or a display 'guardian'"
* organization 1..*
* organization only Reference(Organization)
* policy 1..*
* policy.uri 1..1
* provision 1..1
* provision.type 1..1
* provision.type = #permit
* provision.code 1..*
* provision.code = $sct#231082000

Profile: ImsAdverseEvent
Parent: AdverseEvent
Id: ims-adverse-event
Title: "IMS adverse event"
Description: "A significant or serious adverse event after needling, or any pneumothorax (always serious): the event type (ims-adverse-event-type, + SNOMED CT 36118008 for pneumothorax), seriousness and severity, the session Procedure as suspect entity."
* insert ProfileMeta
* obeys ims-ae-1
* identifier 1..1
* identifier.system 1..1
* identifier.value 1..1
* actuality = #actual
* event 1..1
* event from ImsAdverseEventVS (required)
* subject only Reference(Patient)
* encounter 1..1
* encounter only Reference(Encounter)
* date 1..1
* seriousness 1..1
* seriousness from http://hl7.org/fhir/ValueSet/adverse-event-seriousness (required)
* severity 1..1
* severity from http://hl7.org/fhir/ValueSet/adverse-event-severity (required)
* suspectEntity 1..*
* suspectEntity.instance only Reference(Procedure)
* recorder 1..1
* recorder only Reference(PractitionerRole)

Invariant: ims-ae-1
Description: "A pneumothorax is always a serious adverse event."
Severity: #error
Expression: "event.coding.where((system = 'https://ims-fhir-adapter.github.io/ig/CodeSystem/ims-adverse-event-type' and code = 'pneumothorax') or (system = 'http://snomed.info/sct' and code = '36118008')).exists() implies seriousness.coding.where(system = 'http://terminology.hl7.org/CodeSystem/adverse-event-seriousness' and code = 'Serious').exists()"

Profile: ImsProvenance
Parent: Provenance
Id: ims-provenance
Title: "IMS provenance"
Description: "Which record a bundle came from and who assembled it: every other resource of the bundle as target, activity CREATE (UPDATE for a retraction), the adapter as assembler, the clinic as author, the source record's business identifier as source entity."
* insert ProfileMeta
* activity 1..1
* activity from ImsProvenanceActivityVS (required)
* agent 2..*
* agent ^slicing.discriminator.type = #pattern
* agent ^slicing.discriminator.path = "type"
* agent ^slicing.rules = #open
* agent ^slicing.description = "Slice on the agent type"
* agent contains assembler 1..1 and author 1..1
* agent[assembler].type 1..1
* agent[assembler].type = $provenance-participant-type#assembler
* agent[assembler].who.display 1..1
* agent[assembler] ^short = "The adapter: display 'ims-fhir-adapter <version>'"
* agent[author].type 1..1
* agent[author].type = $provenance-participant-type#author
* agent[author].who only Reference(Organization)
* agent[author] ^short = "The clinic"
* entity 1..*
* entity.role = #source
* entity.what.identifier 1..1
* entity.what.identifier.system 1..1
* entity.what.identifier.value 1..1
* entity ^short = "The source session record (source.system/session | sessionId)"

Profile: ImsClaim
Parent: Claim
Id: ims-claim
Title: "IMS claim"
Description: "A professional claim for one IMS session (for the insurer flow): US CPT 20560 (1-2 muscles) or 20561 (3+ muscles) or a payer's service code, one unit, diagnoses by sequence, the session Procedure."
* insert ProfileMeta
* insert BusinessIdentifier
* obeys ims-claim-1 and ims-claim-2
* type = $claim-type#professional
* use = #claim
* patient only Reference(Patient)
* provider only Reference(PractitionerRole or Practitioner or Organization)
* insurance 1..*
* diagnosis ^short = "ICD-10-CM / ICD-10-CA diagnoses, referenced from items by sequence"
* diagnosis.diagnosis[x] only CodeableConcept
* procedure 1..*
* procedure.procedure[x] only Reference(Procedure)
* item 1..*
* item.productOrService ^short = "CPT 20560 | 20561 (US) or the payer's service code"
* item.servicedDate 1..1
* item.quantity 1..1
* item.quantity.value 1..1
* item.diagnosisSequence 1..*

Invariant: ims-claim-1
Description: "Every item's diagnosisSequence points to a Claim.diagnosis."
Severity: #error
Expression: "item.diagnosisSequence.all($this in %resource.diagnosis.sequence)"

Invariant: ims-claim-2
Description: "A CPT-coded item is 20560 or 20561, one unit."
Severity: #error
Expression: "item.where(productOrService.coding.where(system = 'http://www.ama-assn.org/go/cpt').exists()).all(productOrService.coding.where(system = 'http://www.ama-assn.org/go/cpt').all(code = '20560' or code = '20561') and quantity.value = 1)"
