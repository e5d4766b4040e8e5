// One synthetic IMS session (the sample record of the README's input section, synthetic names), as the adapter
// emits it: business identifiers under https://westside-physio.example/pms, references by type/id.

Instance: ims-example-session-procedure
InstanceOf: ImsSessionProcedure
Usage: #example
Title: "IMS session: left gluteus medius (local) and left multifidus at L5 (segmental)"
Description: "A completed IMS session with two needled sites, a 0.30 x 50 mm needle, no electrical stimulation and a bruise."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000123"
* status = #completed
* code.coding[snomed] = $sct#231082000 "Dry needle acupuncture"
* code.coding[ims] = $ims-procedure#gunn-ims "Gunn intramuscular stimulation"
* subject = Reference(Patient/ims-example-patient)
* encounter = Reference(Encounter/ims-example-encounter)
* performedPeriod.start = "2026-11-02T10:00:00-08:00"
* performedPeriod.end = "2026-11-02T10:25:00-08:00"
* performer[0].actor = Reference(PractitionerRole/ims-example-practitioner-role)
* performer[0].onBehalfOf = Reference(Organization/ims-example-clinic)
* reasonReference[0] = Reference(Condition/ims-example-diagnosis)
* bodySite[0].coding[0] = $ims-muscle#gluteus-medius "Gluteus medius muscle"
* bodySite[0].coding[1] = $sct#78333006
* bodySite[0].extension[laterality].valueCodeableConcept = $sct#7771000 "Left"
* bodySite[1].coding[0] = $ims-muscle#multifidus "Multifidus muscle"
* bodySite[1].extension[laterality].valueCodeableConcept = $sct#7771000 "Left"
* extension[needledSite][0].extension[muscle].valueCodeableConcept.coding[0] = $ims-muscle#gluteus-medius "Gluteus medius muscle"
* extension[needledSite][0].extension[muscle].valueCodeableConcept.coding[1] = $sct#78333006
* extension[needledSite][0].extension[laterality].valueCodeableConcept = $sct#7771000 "Left"
* extension[needledSite][0].extension[siteType].valueCode = #local
* extension[needledSite][0].extension[insertions].valuePositiveInt = 4
* extension[needledSite][0].extension[twitchResponses].valueUnsignedInt = 2
* extension[needledSite][1].extension[muscle].valueCodeableConcept = $ims-muscle#multifidus "Multifidus muscle"
* extension[needledSite][1].extension[laterality].valueCodeableConcept = $sct#7771000 "Left"
* extension[needledSite][1].extension[siteType].valueCode = #segmental
* extension[needledSite][1].extension[spinalLevel].valueCoding = $ims-spinal-segment#L5 "Lumbar segment L5"
* extension[needledSite][1].extension[insertions].valuePositiveInt = 3
* extension[needledSite][1].extension[twitchResponses].valueUnsignedInt = 0
* extension[needleSpecification].extension[diameter].valueQuantity = 0.30 'mm' "mm"
* extension[needleSpecification].extension[length].valueQuantity = 50 'mm' "mm"
* extension[sessionNumber].valuePositiveInt = 3
* extension[consentReference].valueReference = Reference(Consent/ims-example-consent)
* complication = $ims-adverse-event-type#bruising "Bruising"

Instance: ims-example-session-procedure-estim
InstanceOf: ImsSessionProcedure
Usage: #example
Title: "IMS session with electrical stimulation: right trapezius"
Description: "A completed IMS session on one site with electrical stimulation through the needles (2 Hz for 10 min)."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000124"
* status = #completed
* code.coding[snomed] = $sct#231082000 "Dry needle acupuncture"
* code.coding[ims] = $ims-procedure#gunn-ims "Gunn intramuscular stimulation"
* subject = Reference(Patient/ims-example-patient)
* encounter = Reference(Encounter/ims-example-encounter)
* performedPeriod.start = "2026-11-09T10:00:00-08:00"
* performedPeriod.end = "2026-11-09T10:30:00-08:00"
* performer[0].actor = Reference(PractitionerRole/ims-example-practitioner-role)
* performer[0].onBehalfOf = Reference(Organization/ims-example-clinic)
* reasonReference[0] = Reference(Condition/ims-example-diagnosis)
* bodySite[0].coding[0] = $ims-muscle#trapezius "Trapezius muscle"
* bodySite[0].coding[1] = $sct#31764008
* bodySite[0].extension[laterality].valueCodeableConcept = $sct#24028007 "Right"
* extension[needledSite][0].extension[muscle].valueCodeableConcept.coding[0] = $ims-muscle#trapezius "Trapezius muscle"
* extension[needledSite][0].extension[muscle].valueCodeableConcept.coding[1] = $sct#31764008
* extension[needledSite][0].extension[laterality].valueCodeableConcept = $sct#24028007 "Right"
* extension[needledSite][0].extension[siteType].valueCode = #local
* extension[needledSite][0].extension[insertions].valuePositiveInt = 5
* extension[needleSpecification].extension[diameter].valueQuantity = 0.25 'mm' "mm"
* extension[needleSpecification].extension[length].valueQuantity = 40 'mm' "mm"
* extension[electricalStimulation].extension[frequency].valueQuantity = 2 'Hz' "Hz"
* extension[electricalStimulation].extension[duration].valueQuantity = 10 'min' "min"
* extension[sessionNumber].valuePositiveInt = 4

Instance: ims-example-session-procedure-not-done
InstanceOf: ImsSessionProcedure
Usage: #example
Title: "IMS session not done"
Description: "A booked IMS session that was not performed: no needled site, a status reason."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000125"
* status = #not-done
* statusReason.text = "Patient unwell on arrival"
* code.coding[snomed] = $sct#231082000 "Dry needle acupuncture"
* code.coding[ims] = $ims-procedure#gunn-ims "Gunn intramuscular stimulation"
* subject = Reference(Patient/ims-example-patient)
* encounter = Reference(Encounter/ims-example-encounter-cancelled)
* performedPeriod.start = "2026-11-16T10:00:00-08:00"
* performer[0].actor = Reference(PractitionerRole/ims-example-practitioner-role)
* performer[0].onBehalfOf = Reference(Organization/ims-example-clinic)
* reasonReference[0] = Reference(Condition/ims-example-diagnosis)

Instance: ims-example-pain-pre
InstanceOf: ImsPainScore
Usage: #example
Title: "Pain before needling: 7/10"
Description: "NPRS 7 reported before the needling of the example session."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000123/pain/pre"
* status = #final
* category[survey] = $obs-category#survey "Survey"
* code = $loinc#72514-3 "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
* subject = Reference(Patient/ims-example-patient)
* encounter = Reference(Encounter/ims-example-encounter)
* partOf = Reference(Procedure/ims-example-session-procedure)
* effectiveDateTime = "2026-11-02T10:00:00-08:00"
* valueInteger = 7
* extension[measurementTiming].valueCode = #pre

Instance: ims-example-pain-post
InstanceOf: ImsPainScore
Usage: #example
Title: "Pain after needling: 4/10"
Description: "NPRS 4 reported after the needling of the example session."
* identifier.system = "https://westside-physio.example/pms/session"
* identifier.value = "S-2026-000123/pain/post"
* status = #final
* category[survey] = $obs-category#survey "Survey"
* code = $loinc#72514-3 "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
* subject = Reference(Patient/ims-example-patient)
* encounter = Reference(Encounter/ims-example-encounter)
* partOf = Reference(Procedure/ims-example-session-procedure)
* effectiveDateTime = "2026-11-02T10:25:00-08:00"
* valueInteger = 4
* extension[measurementTiming].valueCode = #post
