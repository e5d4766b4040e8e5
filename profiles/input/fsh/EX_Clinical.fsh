// The example session's encounter, diagnosis, outcomes, range of motion, consent, adverse event,
// provenance and claim.

Instance: ims-example-encounter
InstanceOf: ImsEncounter
Usage: #example
Title: "Encounter of the example session"
Description: "Finished ambulatory visit, 10:00-10:25."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000123"
* status = #finished
* class = $v3-ActCode#AMB "ambulatory"
* subject = Reference(Patient/ims-example-patient)
* participant.individual = Reference(PractitionerRole/ims-example-practitioner-role)
* period.start = "2026-11-02T10:00:00-08:00"
* period.end = "2026-11-02T10:25:00-08:00"
* serviceProvider = Reference(Organization/ims-example-clinic)

Instance: ims-example-encounter-cancelled
InstanceOf: ImsEncounter
Usage: #example
Title: "Encounter of a session that was not done"
Description: "Cancelled ambulatory visit (the session's status is not-done)."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000125"
* status = #cancelled
* class = $v3-ActCode#AMB "ambulatory"
* subject = Reference(Patient/ims-example-patient)
* participant.individual = Reference(PractitionerRole/ims-example-practitioner-role)
* period.start = "2026-11-16T10:00:00-08:00"
* serviceProvider = Reference(Organization/ims-example-clinic)

Instance: ims-example-diagnosis
InstanceOf: ImsDiagnosis
Usage: #example
Title: "Lumbar radiculopathy, left L5 (ICD-10-CM M54.16)"
Description: "Encounter diagnosis with side and spinal level on bodySite."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000123/diagnosis/http://hl7.org/fhir/sid/icd-10-cm/M54.16"
* clinicalStatus = $condition-clinical#active "Active"
* verificationStatus = $condition-ver-status#confirmed "Confirmed"
* category[encounterDiagnosis] = $condition-category#encounter-diagnosis "Encounter Diagnosis"
* code = $icd10cm#M54.16
* code.text = "Radiculopathy, lumbar region"
* subject = Reference(Patient/ims-example-patient)
* encounter = Reference(Encounter/ims-example-encounter)
* onsetDateTime = "2026-08-01"
* bodySite.text = "left L5"
* bodySite.extension[laterality].valueCodeableConcept = $sct#7771000 "Left"
* bodySite.extension[spinalLevel].valueCoding = $ims-spinal-segment#L5 "Lumbar segment L5"

Instance: ims-example-odi
InstanceOf: ImsOdiScore
Usage: #example
Title: "Oswestry Disability Index 38 %"
Description: "ODI recorded with the example session."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000123/outcome/odi"
* status = #final
* category[survey] = $obs-category#survey "Survey"
* code.coding[ims] = $ims-outcome#odi "Oswestry Disability Index score (%)"
* code.coding[loinc] = $loinc#97908-8
* subject = Reference(Patient/ims-example-patient)
* encounter = Reference(Encounter/ims-example-encounter)
* effectiveDateTime = "2026-11-02"
* valueQuantity = 38 '%' "%"

Instance: ims-example-ndi
InstanceOf: ImsNdiScore
Usage: #example
Title: "Neck Disability Index 14"
Description: "NDI total raw score (0-50)."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000124/outcome/ndi"
* status = #final
* category[survey] = $obs-category#survey "Survey"
* code.coding[ims] = $ims-outcome#ndi "Neck Disability Index total score"
* code.coding[loinc] = $loinc#82237-9
* subject = Reference(Patient/ims-example-patient)
* encounter = Reference(Encounter/ims-example-encounter)
* effectiveDateTime = "2026-11-09"
* valueQuantity = 14 '{score}' "{score}"

Instance: ims-example-psfs
InstanceOf: ImsPsfsScore
Usage: #example
Title: "Patient-Specific Functional Scale mean 6.5"
Description: "PSFS mean of the activity ratings (0-10)."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000123/outcome/psfs"
* status = #final
* category[survey] = $obs-category#survey "Survey"
* code.coding[ims] = $ims-outcome#psfs "Patient-Specific Functional Scale mean score"
* subject = Reference(Patient/ims-example-patient)
* encounter = Reference(Encounter/ims-example-encounter)
* effectiveDateTime = "2026-11-02"
* valueQuantity = 6.5 '{score}' "{score}"

Instance: ims-example-rom-pre
InstanceOf: ImsRangeOfMotion
Usage: #example
Title: "Lumbar flexion 40 degrees before needling"
Description: "Range of motion before the needling (pre)."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000123/rom/lumbar-spine/flexion/na/pre"
* extension[measurementTiming].valueCode = #pre
* status = #final
* category[exam] = $obs-category#exam "Exam"
* code = $sct#364564000
* subject = Reference(Patient/ims-example-patient)
* encounter = Reference(Encounter/ims-example-encounter)
* effectiveDateTime = "2026-11-02T10:00:00-08:00"
* bodySite = $ims-joint#lumbar-spine "Lumbar spine"
* component.code = $ims-movement#flexion "Flexion"
* component.valueQuantity = 40 'deg' "deg"

Instance: ims-example-rom-post
InstanceOf: ImsRangeOfMotion
Usage: #example
Title: "Left hip abduction 35 degrees after needling"
Description: "Range of motion after the needling (post), of a paired joint with its side."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000123/rom/hip/abduction/left/post"
* extension[measurementTiming].valueCode = #post
* status = #final
* category[exam] = $obs-category#exam "Exam"
* code = $sct#364564000
* subject = Reference(Patient/ims-example-patient)
* encounter = Reference(Encounter/ims-example-encounter)
* effectiveDateTime = "2026-11-02T10:25:00-08:00"
* bodySite = $ims-joint#hip "Hip"
* bodySite.extension[laterality].valueCodeableConcept = $sct#7771000 "Left"
* component.code = $ims-movement#abduction "Abduction"
* component.valueQuantity = 35 'deg' "deg"

Instance: ims-example-consent
InstanceOf: ImsConsent
Usage: #example
Title: "Informed consent to dry needling, signed by the patient"
Description: "Treatment consent given before the first session."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000123/consent"
* status = #active
* scope = $consentscope#treatment "Treatment"
* category[patientConsent] = $loinc#59284-0 "Patient Consent"
* patient = Reference(Patient/ims-example-patient)
* dateTime = "2026-10-19"
* performer = Reference(Patient/ims-example-patient)
* organization = Reference(Organization/ims-example-clinic)
* policy.uri = "https://westside-physio.example/pms/consent-policy/needling"
* provision.type = #permit
* provision.code = $sct#231082000 "Dry needle acupuncture"

Instance: ims-example-adverse-event
InstanceOf: ImsAdverseEvent
Usage: #example
Title: "Pneumothorax after thoracic needling (serious)"
Description: "A pneumothorax reported the day after a session: always serious."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000124/adverse-event/0"
* actuality = #actual
* event.coding[0] = $ims-adverse-event-type#pneumothorax "Pneumothorax"
* event.coding[1] = $sct#36118008
* subject = Reference(Patient/ims-example-patient)
* encounter = Reference(Encounter/ims-example-encounter)
* date = "2026-11-10T08:30:00-08:00"
* seriousness = $ae-seriousness#Serious "Serious"
* severity = $ae-severity#severe "Severe"
* suspectEntity.instance = Reference(Procedure/ims-example-session-procedure-estim)
* recorder = Reference(PractitionerRole/ims-example-practitioner-role)

Instance: ims-example-provenance
InstanceOf: ImsProvenance
Usage: #example
Title: "Provenance of the example session's bundle"
Description: "Created by the adapter from the clinic's session record."
* target[0] = Reference(Procedure/ims-example-session-procedure)
* target[1] = Reference(Encounter/ims-example-encounter)
* target[2] = Reference(Observation/ims-example-pain-pre)
* target[3] = Reference(Observation/ims-example-pain-post)
* recorded = "2026-11-02T18:30:00Z"
* activity = $v3-DataOperation#CREATE "create"
* agent[assembler].type = $provenance-participant-type#assembler "Assembler"
* agent[assembler].who.display = "ims-fhir-adapter 0.1.0"
* agent[author].type = $provenance-participant-type#author "Author"
* agent[author].who = Reference(Organization/ims-example-clinic)
* entity.role = #source
* entity.what.identifier.system = "https://westside-physio.example/pms/session"
* entity.what.identifier.value = "S-2026-000123"

Instance: ims-example-claim
InstanceOf: ImsClaim
Usage: #example
Title: "US professional claim: CPT 20560 for the example session"
Description: "Two distinct muscles needled: CPT 20560, one unit, with the ICD-10-CM diagnosis."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000123/claim"
* status = #active
* type = $claim-type#professional "Professional"
* use = #claim
* patient = Reference(Patient/ims-example-patient)
* created = "2026-11-02T18:30:00Z"
* insurer.display = "ACME Health (synthetic)"
* provider = Reference(PractitionerRole/ims-example-practitioner-role)
* priority = $processpriority#normal "Normal"
* insurance.sequence = 1
* insurance.focal = true
* insurance.coverage.display = "Synthetic coverage"
* diagnosis.sequence = 1
* diagnosis.diagnosisCodeableConcept = $icd10cm#M54.16
* procedure.sequence = 1
* procedure.procedureReference = Reference(Procedure/ims-example-session-procedure)
* item.sequence = 1
* item.productOrService = $cpt#20560
* item.servicedDate = "2026-11-02"
* item.quantity.value = 1
* item.diagnosisSequence = 1
* item.procedureSequence = 1
* item.unitPrice.value = 95.00
* item.unitPrice.currency = #USD
* item.net.value = 95.00
* item.net.currency = #USD
