// Outcome scores (ODI, NDI, PSFS) and range of motion. The pain score is in SD_PainScore.fsh.

RuleSet: OutcomeScoreFrame(instrument, unit)
* insert ImsObservationFrame
* insert CategorySlice(survey, $obs-category#survey)
* code.coding 1..*
* insert CodingSlicing(code.coding)
* code.coding contains ims 1..1
* code.coding[ims] = $ims-outcome#{instrument}
* code.coding[ims] ^short = "Local instrument code ims-outcome#{instrument}"
* value[x] 1..1
* value[x] only Quantity
* valueQuantity = $ucum#{unit}
* valueQuantity.value 1..1
* component 0..0
* hasMember 0..0

Profile: ImsOdiScore
Parent: Observation
Id: ims-odi-score
Title: "IMS Oswestry Disability Index score"
Description: "Oswestry Disability Index (low back pain) as a percentage 0-100 (UCUM %): local ims-outcome#odi plus LOINC 97908-8."
* insert OutcomeScoreFrame(odi, %)
* obeys ims-odi-1
* code.coding contains loinc 1..1
* code.coding[loinc] = $loinc#97908-8
* code.coding[loinc] ^short = "LOINC 97908-8 Oswestry Disability Index"

Invariant: ims-odi-1
Description: "An ODI score is a percentage from 0 to 100."
Severity: #error
Expression: "value.ofType(Quantity).all(value >= 0 and value <= 100)"

Profile: ImsNdiScore
Parent: Observation
Id: ims-ndi-score
Title: "IMS Neck Disability Index score"
Description: "Neck Disability Index total raw score 0-50 (UCUM {score}): local ims-outcome#ndi plus LOINC 82237-9."
* insert OutcomeScoreFrame(ndi, {score})
* obeys ims-ndi-1
* code.coding contains loinc 1..1
* code.coding[loinc] = $loinc#82237-9
* code.coding[loinc] ^short = "LOINC 82237-9 Total score [NDI]"

Invariant: ims-ndi-1
Description: "An NDI total score is from 0 to 50."
Severity: #error
Expression: "value.ofType(Quantity).all(value >= 0 and value <= 50)"

Profile: ImsPsfsScore
Parent: Observation
Id: ims-psfs-score
Title: "IMS Patient-Specific Functional Scale score"
Description: "Patient-Specific Functional Scale: the mean of the activity ratings, 0 (unable) to 10 (prior level), UCUM {score}. No LOINC code exists: local ims-outcome#psfs only."
* insert OutcomeScoreFrame(psfs, {score})
* obeys ims-psfs-1

Invariant: ims-psfs-1
Description: "A PSFS score is from 0 to 10."
Severity: #error
Expression: "value.ofType(Quantity).all(value >= 0 and value <= 10)"

Profile: ImsRangeOfMotion
Parent: Observation
Id: ims-range-of-motion
Title: "IMS range of motion"
Description: "Range of joint movement (SNOMED CT 364564000) in degrees, measured before (pre) or after (post) the needling: the joint as bodySite (ims-joint, with the side when the joint is paired), the movement and the degrees as the single component."
* insert ImsObservationFrame
* obeys ims-rom-1
* extension contains ImsMeasurementTiming named measurementTiming 1..1
* extension[measurementTiming] ^short = "pre | post"
* insert CategorySlice(exam, $obs-category#exam)
* code = $sct#364564000
* code ^short = "SNOMED CT 364564000 Range of joint movement"
* bodySite 1..1
* bodySite from ImsJointVS (required)
* bodySite ^short = "The joint or spinal region (ims-joint)"
* bodySite.extension contains ImsLaterality named laterality 0..1
* value[x] 0..0
* hasMember 0..0
* component 1..1
* component.code from ImsMovementVS (required)
* component.code ^short = "The movement (ims-movement)"
* component.value[x] 1..1
* component.value[x] only Quantity
* component.valueQuantity = $ucum#deg
* component.valueQuantity.value 1..1

Invariant: ims-rom-1
Description: "A range of motion is from 0 to 360 degrees."
Severity: #error
Expression: "component.value.ofType(Quantity).all(value >= 0 and value <= 360)"
