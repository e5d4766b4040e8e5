// Patient, practitioner, practitioner role and clinic.

Profile: ImsPatient
Parent: Patient
Id: ims-patient
Title: "IMS patient"
Description: "The patient of an IMS session: the clinic's patient id as business identifier, optionally the health number (type JHN), name, gender, birth date, and the postal code with the country."
* insert ProfileMeta
* insert BusinessIdentifier
* obeys ims-pat-1
* identifier ^short = "Clinic patient id (source.system + /patient); health number (type JHN) when known"
* name 1..*
* name.family 1..1
* birthDate 1..1
* address ^short = "Postal code and country only"
* address.postalCode 1..1

Invariant: ims-pat-1
Description: "A health number identifier (type v2-0203#JHN) uses the IMS health-number namespace (https://ims-fhir-adapter.github.io/ig/sid/health-number/ + issuer)."
Severity: #error
Expression: "identifier.where(type.coding.where(system = 'http://terminology.hl7.org/CodeSystem/v2-0203' and code = 'JHN').exists()).all(system.startsWith('https://ims-fhir-adapter.github.io/ig/sid/health-number/'))"

Profile: ImsPractitioner
Parent: Practitioner
Id: ims-practitioner
Title: "IMS practitioner"
Description: "The treating physiotherapist: the clinic's practitioner id and the professional licence as identifiers; qualifications licence (ims-qualification#professional-licence, with the licence identifier and issuer) and, for certified practitioners, Gunn IMS certification (ims-qualification#gunn-ims-certified)."
* insert ProfileMeta
* insert BusinessIdentifier
* obeys ims-prac-1 and ims-prac-2
* name ^short = "Name when the record gives one (the record requires only id and licence)"
* qualification 1..*
* qualification ^slicing.discriminator.type = #pattern
* qualification ^slicing.discriminator.path = "code"
* qualification ^slicing.rules = #open
* qualification ^slicing.description = "Slice on the qualification code"
* qualification.code from ImsQualificationVS (required)
* qualification contains licence 1..1 and imsCertification 0..1
* qualification[licence].code = $ims-qualification#professional-licence
* qualification[licence].identifier 1..1
* qualification[licence].identifier.system 1..1
* qualification[licence].identifier.value 1..1
* qualification[licence].issuer 1..1
* qualification[licence].issuer.display 1..1
* qualification[licence] ^short = "Professional licence: number and issuing jurisdiction (e.g. CA-BC)"
* qualification[imsCertification].code = $ims-qualification#gunn-ims-certified
* qualification[imsCertification] ^short = "Certified Gunn IMS practitioner (UBC Gunn IMS program / iSTOP)"

Invariant: ims-prac-1
Description: "The licence qualification's identifier is in the IMS licence namespace (https://ims-fhir-adapter.github.io/ig/sid/licence/ + issuer)."
Severity: #error
Expression: "qualification.where(code.coding.where(system = 'https://ims-fhir-adapter.github.io/ig/CodeSystem/ims-qualification' and code = 'professional-licence').exists()).identifier.all(system.startsWith('https://ims-fhir-adapter.github.io/ig/sid/licence/'))"

Invariant: ims-prac-2
Description: "The licence is also a Practitioner identifier (https://ims-fhir-adapter.github.io/ig/sid/licence/ + issuer)."
Severity: #error
Expression: "identifier.where(system.startsWith('https://ims-fhir-adapter.github.io/ig/sid/licence/')).exists()"

Profile: ImsPractitionerRole
Parent: PractitionerRole
Id: ims-practitioner-role
Title: "IMS practitioner role"
Description: "The practitioner working for the clinic: the performer of IMS sessions (licence and IMS certification are qualifications of the referenced ims-practitioner)."
* insert ProfileMeta
* insert BusinessIdentifier
* practitioner 1..1
* practitioner only Reference(Practitioner)
* organization 1..1
* organization only Reference(Organization)
* code 1..*
* code ^short = "Role, e.g. text Physiotherapist"

Profile: ImsClinic
Parent: Organization
Id: ims-clinic
Title: "IMS clinic"
Description: "The clinic that sends the session records, identified by source.system + /clinic and its clinicId."
* insert ProfileMeta
* insert BusinessIdentifier
* active 1..1
* name 1..1

Profile: ImsRegistryPatient
Parent: Patient
Id: ims-registry-patient
Title: "IMS registry patient (pseudonymous)"
Description: "The patient as a national registry feed sends it: a keyed pseudonym as the only identifier, gender, birth year, and the first three characters of the postal code with the country. No name, health number, clinic patient id, street or full birth date."
* insert ProfileMeta
* insert BusinessIdentifier
* obeys ims-regpat-1 and ims-regpat-2
* identifier 1..1
* identifier ^short = "Pseudonym (HMAC-SHA256 of source.system + patient id under the registry's secret), system https://ims-fhir-adapter.github.io/ig/sid/registry-pseudonym/ + registry id"
* identifier.type 0..0
* name 0..0
* telecom 0..0
* photo 0..0
* contact 0..0
* communication 0..0
* generalPractitioner 0..0
* managingOrganization 0..0
* link 0..0
* birthDate ^short = "Birth year only"
* address ^short = "First three characters of the postal code, and the country"
* address.line 0..0
* address.city 0..0
* address.district 0..0
* address.text 0..0
* address.postalCode 1..1

Invariant: ims-regpat-1
Description: "The only identifier is a pseudonym in the IMS registry-pseudonym namespace."
Severity: #error
Expression: "identifier.all(system.startsWith('https://ims-fhir-adapter.github.io/ig/sid/registry-pseudonym/'))"

Invariant: ims-regpat-2
Description: "Birth date is a year only; a postal code has at most three characters."
Severity: #error
Expression: "(birthDate.exists() implies birthDate.toString().length() = 4) and address.postalCode.all(length() <= 3)"
