// Synthetic parties of the example session. Names are recognisably synthetic.

Instance: ims-example-patient
InstanceOf: ImsPatient
Usage: #example
Title: "Synthetic patient Anne-Synthetic Testpatient"
Description: "Clinic patient id and a BC health number (placeholder namespace), name, gender, birth date, postal code."
* identifier[0].system = "https://westside-physio.example/pms/patient"
* identifier[0].value = "P-00001"
* identifier[1].system = "https://ims-fhir-adapter.github.io/ig/sid/health-number/CA-BC"
* identifier[1].value = "9000000001"
* identifier[1].type = $v2-0203#JHN "Jurisdictional health number (Canada)"
* name.family = "Testpatient"
* name.given = "Anne-Synthetic"
* gender = #female
* birthDate = "1980-01-01"
* address.postalCode = "V0V 0V0"
* address.country = "CA"

Instance: ims-example-practitioner
InstanceOf: ImsPractitioner
Usage: #example
Title: "Synthetic physiotherapist, licensed in BC and Gunn IMS certified"
Description: "Clinic practitioner id and BC licence as identifiers; licence and Gunn IMS certification qualifications."
* identifier[0].system = "https://westside-physio.example/pms/practitioner"
* identifier[0].value = "PT-00001"
* identifier[1].system = "https://ims-fhir-adapter.github.io/ig/sid/licence/CA-BC"
* identifier[1].value = "PT00000"
* name.family = "Testpractitioner"
* name.given = "Dan-Synthetic"
* qualification[licence].code = $ims-qualification#professional-licence "Professional licence to practise"
* qualification[licence].identifier.system = "https://ims-fhir-adapter.github.io/ig/sid/licence/CA-BC"
* qualification[licence].identifier.value = "PT00000"
* qualification[licence].issuer.display = "CA-BC"
* qualification[imsCertification].code = $ims-qualification#gunn-ims-certified "Certified Gunn IMS practitioner (CGIMS)"

Instance: ims-example-practitioner-role
InstanceOf: ImsPractitionerRole
Usage: #example
Title: "The synthetic physiotherapist at the Westside clinic"
Description: "Practitioner role linking the practitioner and the clinic."
* identifier.system = "https://westside-physio.example/pms/practitioner-role"
* identifier.value = "PT-00001"
* practitioner = Reference(Practitioner/ims-example-practitioner)
* organization = Reference(Organization/ims-example-clinic)
* code.text = "Physiotherapist"

Instance: ims-example-clinic
InstanceOf: ImsClinic
Usage: #example
Title: "Synthetic clinic westside"
Description: "The clinic, named by its clinicId (records carry no clinic name)."
* identifier.system = "https://westside-physio.example/pms/clinic"
* identifier.value = "westside"
* active = true
* name = "westside"

Instance: ims-example-registry-patient
InstanceOf: ImsRegistryPatient
Usage: #example
Title: "Pseudonymous registry patient"
Description: "What a registry feed sends for a patient: pseudonym, gender, birth year, postal code prefix, country."
* identifier.system = "https://ims-fhir-adapter.github.io/ig/sid/registry-pseudonym/example-registry"
* identifier.value = "3f1c6a0e9b2d4c8f7a5e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a"
* gender = #female
* birthDate = "1980"
* address.postalCode = "V0V"
* address.country = "CA"
