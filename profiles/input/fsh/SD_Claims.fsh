// The insurer flow's supporting resources (the Claim itself is ImsClaim in SD_Clinical.fsh).

Profile: ImsCoverage
Parent: Coverage
Id: ims-coverage
Title: "IMS coverage"
Description: "The patient's insurance with the payer named in the record's billing: the member id as identifier (payer's member-id namespace) and as subscriberId, the patient as beneficiary, the configured insurer as payor."
* insert ProfileMeta
* insert BusinessIdentifier
* status = #active
* subscriberId 1..1
* beneficiary only Reference(Patient)
* payor 1..1
* payor only Reference(Organization)

Profile: ImsInsurer
Parent: Organization
Id: ims-insurer
Title: "IMS insurer"
Description: "A payer from the adapter's per-payer configuration (not from the record): identified by .../sid/payer | payerId, with its configured name."
* insert ProfileMeta
* insert BusinessIdentifier
* active 1..1
* name 1..1
* type 1..1
* type = $organization-type#ins
