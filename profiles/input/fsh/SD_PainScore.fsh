Profile: ImsPainScore
Parent: Observation
Id: ims-pain-score
Title: "IMS pain score"
Description: "Pain intensity on the 0-10 numeric rating scale (LOINC 72514-3), self-reported before (pre) or after (post) the needling of one session, part of the session Procedure."
* insert ImsObservationFrame
* obeys ims-pain-1
* extension contains ImsMeasurementTiming named measurementTiming 1..1
* extension[measurementTiming] ^short = "pre | post"
* insert CategorySlice(survey, $obs-category#survey)
* code = $loinc#72514-3
* code ^short = "LOINC 72514-3 Pain severity - 0-10 verbal numeric rating [Score] - Reported"
* partOf 1..1
* partOf only Reference(Procedure)
* partOf ^short = "The IMS session Procedure"
* value[x] 1..1
* value[x] only integer
* valueInteger ^short = "Pain 0 (none) to 10 (worst imaginable)"
* component 0..0
* hasMember 0..0

Invariant: ims-pain-1
Description: "A pain score is an integer from 0 to 10."
Severity: #error
Expression: "value.all($this >= 0 and $this <= 10)"
