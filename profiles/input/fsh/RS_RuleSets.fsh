// Rules shared by several profiles.

RuleSet: ProfileMeta
* ^status = #active
* ^experimental = false
* ^publisher = "ims-fhir-adapter project"

// Business identifier (source.system + suffix | value): the conditional create/update key of the
// transaction bundle, so both parts are mandatory.
RuleSet: BusinessIdentifier
* identifier 1..*
* identifier.system 1..1
* identifier.value 1..1

RuleSet: CategorySlice(name, coding)
* category ^slicing.discriminator.type = #pattern
* category ^slicing.discriminator.path = "$this"
* category ^slicing.rules = #open
* category ^slicing.description = "Slice on the category code"
* category contains {name} 1..1
* category[{name}] = {coding}

RuleSet: CodingSlicing(path)
* {path} ^slicing.discriminator.type = #pattern
* {path} ^slicing.discriminator.path = "$this"
* {path} ^slicing.rules = #open
* {path} ^slicing.description = "Slice on the coding (system and code)"

// Common frame of every IMS Observation: final (or corrected / retracted), for the patient, in the session's encounter.
RuleSet: ImsObservationFrame
* insert ProfileMeta
* insert BusinessIdentifier
* status from ImsObservationStatusVS (required)
* subject 1..1
* subject only Reference(Patient)
* encounter 1..1
* encounter only Reference(Encounter)
* effective[x] 1..1
* effective[x] only dateTime
