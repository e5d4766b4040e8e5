// One ValueSet per local CodeSystem (all its codes). Required bindings point here, so a code that is
// not in the local CodeSystem is a validation error.

ValueSet: ImsProcedureVS
Id: ims-procedure
Title: "IMS procedures"
Description: "All codes of the local ims-procedure code system."
* ^status = #active
* ^experimental = false
* include codes from system $ims-procedure

ValueSet: ImsMuscleVS
Id: ims-muscle
Title: "IMS muscles"
Description: "All muscles of the local ims-muscle code system (the project's muscle code list)."
* ^status = #active
* ^experimental = false
* include codes from system $ims-muscle

ValueSet: ImsSpinalSegmentVS
Id: ims-spinal-segment
Title: "IMS spinal segments"
Description: "Spinal (nerve root) segments C1-C8, T1-T12, L1-L5, S1-S5."
* ^status = #active
* ^experimental = false
* include codes from system $ims-spinal-segment

ValueSet: ImsSiteTypeVS
Id: ims-site-type
Title: "IMS needled site types"
Description: "local or segmental."
* ^status = #active
* ^experimental = false
* include codes from system $ims-site-type

ValueSet: ImsMeasurementTimingVS
Id: ims-measurement-timing
Title: "IMS measurement timing"
Description: "pre, post or followup."
* ^status = #active
* ^experimental = false
* include codes from system $ims-measurement-timing

ValueSet: ImsOutcomeVS
Id: ims-outcome
Title: "IMS outcome instruments"
Description: "ODI, NDI and PSFS."
* ^status = #active
* ^experimental = false
* include codes from system $ims-outcome

ValueSet: ImsJointVS
Id: ims-joint
Title: "IMS joints"
Description: "Joints and spinal regions whose range of motion is recorded."
* ^status = #active
* ^experimental = false
* include codes from system $ims-joint

ValueSet: ImsMovementVS
Id: ims-movement
Title: "IMS movements"
Description: "Movements measured for range of motion."
* ^status = #active
* ^experimental = false
* include codes from system $ims-movement

ValueSet: ImsAdverseEventTypeVS
Id: ims-adverse-event-type
Title: "IMS adverse event types"
Description: "Adverse events after needling (local codes)."
* ^status = #active
* ^experimental = false
* include codes from system $ims-adverse-event-type

ValueSet: ImsAdverseEventSeverityVS
Id: ims-adverse-event-severity
Title: "IMS adverse event severity"
Description: "mild, significant, serious."
* ^status = #active
* ^experimental = false
* include codes from system $ims-adverse-event-severity

ValueSet: ImsSignVS
Id: ims-sign
Title: "IMS clinical signs"
Description: "Gunn's physical signs of neuropathy."
* ^status = #active
* ^experimental = false
* include codes from system $ims-sign

ValueSet: ImsQualificationVS
Id: ims-qualification
Title: "IMS practitioner qualifications"
Description: "Licence, needling authorization, Gunn IMS certification."
* ^status = #active
* ^experimental = false
* include codes from system $ims-qualification
