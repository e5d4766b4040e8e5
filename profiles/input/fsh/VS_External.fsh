// Value sets of verified external codes (profiles/README.md, "Value sets"), and subsets of FHIR core codes.
// Displays are left out on purpose: the SNOMED CT / LOINC code is the identity, and offline the
// validator cannot check displays of these systems anyway.

ValueSet: ImsLateralityVS
Id: ims-laterality
Title: "IMS laterality"
Description: "SNOMED CT laterality qualifiers used for a needled site or a diagnosis: 7771000 Left, 24028007 Right. 51440002 (right and left) is deliberately absent: a bilateral treatment is two sites."
* ^status = #active
* ^experimental = false
* $sct#7771000
* $sct#24028007

ValueSet: ImsNeedledMuscleVS
Id: ims-needled-muscle
Title: "IMS needled muscle"
Description: "Codes allowed on a needled muscle: every local ims-muscle code, and the SNOMED CT body structure codes that the ims-muscle code system lists as verified (property snomed)."
* ^status = #active
* ^experimental = false
* include codes from system $ims-muscle
* $sct#31764008
* $sct#22823000
* $sct#72573008
* $sct#6423006
* $sct#90588001
* $sct#1193009
* $sct#51159009
* $sct#35259002
* $sct#15665001
* $sct#60005003
* $sct#18686000
* $sct#18346003
* $sct#50755001
* $sct#44947003
* $sct#57651003
* $sct#88340001
* $sct#4317002
* $sct#78333006
* $sct#206007
* $sct#1403006

ValueSet: ImsSessionProcedureCodeVS
Id: ims-session-procedure-code
Title: "IMS session procedure code"
Description: "Codes of an IMS session: SNOMED CT 231082000 Dry needle acupuncture and the local ims-procedure#gunn-ims."
* ^status = #active
* ^experimental = false
* $sct#231082000
* $ims-procedure#gunn-ims

ValueSet: ImsPainScoreCodeVS
Id: ims-pain-score-code
Title: "IMS pain score code"
Description: "LOINC 72514-3 Pain severity - 0-10 verbal numeric rating [Score] - Reported."
* ^status = #active
* ^experimental = false
* $loinc#72514-3

ValueSet: ImsDiagnosisCodeVS
Id: ims-diagnosis-code
Title: "IMS diagnosis code"
Description: "Diagnosis code systems a session record may use: all of ICD-10-CM, all of ICD-10-CA and all of SNOMED CT. The system URI is part of a code's identity: ICD-10-CM and ICD-10-CA codes are never interchanged."
* ^status = #active
* ^experimental = false
* include codes from system $icd10cm
* include codes from system $icd10ca
* include codes from system $sct

ValueSet: ImsAdverseEventVS
Id: ims-adverse-event
Title: "IMS adverse event"
Description: "Adverse event codes: every local ims-adverse-event-type code, and SNOMED CT 36118008 Pneumothorax (verified)."
* ^status = #active
* ^experimental = false
* include codes from system $ims-adverse-event-type
* $sct#36118008

ValueSet: ImsCptDryNeedlingVS
Id: ims-cpt-dry-needling
Title: "IMS CPT dry needling"
Description: "CPT 20560 (needle insertions without injection, 1 or 2 muscles) and 20561 (3 or more muscles). Codes only: CPT descriptors are AMA-copyrighted."
* ^status = #active
* ^experimental = false
* $cpt#20560
* $cpt#20561

ValueSet: ImsEventStatusVS
Id: ims-event-status
Title: "IMS session status"
Description: "Statuses an IMS session Procedure may have: completed, not-done, entered-in-error."
* ^status = #active
* ^experimental = false
* $event-status#completed
* $event-status#not-done
* $event-status#entered-in-error

ValueSet: ImsEncounterStatusVS
Id: ims-encounter-status
Title: "IMS encounter status"
Description: "Statuses of the Encounter of an IMS session: finished (session completed), cancelled (not done), entered-in-error."
* ^status = #active
* ^experimental = false
* $encounter-status#finished
* $encounter-status#cancelled
* $encounter-status#entered-in-error

ValueSet: ImsObservationStatusVS
Id: ims-observation-status
Title: "IMS observation status"
Description: "Statuses of IMS observations: final (and its amended/corrected forms) or entered-in-error. Preliminary or registered results are never sent."
* ^status = #active
* ^experimental = false
* $observation-status#final
* $observation-status#amended
* $observation-status#corrected
* $observation-status#entered-in-error

ValueSet: ImsConsentStatusVS
Id: ims-consent-status
Title: "IMS consent status"
Description: "Statuses of an IMS treatment consent: active, inactive (revoked) or entered-in-error."
* ^status = #active
* ^experimental = false
* $consent-state#active
* $consent-state#inactive
* $consent-state#entered-in-error

ValueSet: ImsProvenanceActivityVS
Id: ims-provenance-activity
Title: "IMS provenance activity"
Description: "v3 DataOperation CREATE (a conversion) or UPDATE (a retraction, entered-in-error)."
* ^status = #active
* ^experimental = false
* $v3-DataOperation#CREATE
* $v3-DataOperation#UPDATE
