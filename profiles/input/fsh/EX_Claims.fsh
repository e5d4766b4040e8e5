// Examples for the insurer flow's supporting resources.

Instance: ims-example-insurer
InstanceOf: ImsInsurer
Usage: #example
Title: "Synthetic US payer"
Description: "A payer as the per-payer configuration describes it."
* identifier.system = "https://ims-fhir-adapter.github.io/ig/sid/payer"
* identifier.value = "ACME-HEALTH"
* active = true
* name = "ACME Health (synthetic)"
* type = $organization-type#ins "Insurance Company"

Instance: ims-example-coverage
InstanceOf: ImsCoverage
Usage: #example
Title: "Synthetic coverage"
Description: "The example patient's coverage with the synthetic payer; the member id is synthetic."
* identifier.system = "https://ims-fhir-adapter.github.io/ig/sid/member-id/ACME-HEALTH"
* identifier.value = "SYN-MEMBER-0001"
* status = #active
* subscriberId = "SYN-MEMBER-0001"
* beneficiary = Reference(Patient/ims-example-patient)
* payor = Reference(Organization/ims-example-insurer)
