package org.imsfhir.adapter.registry;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.imsfhir.adapter.ConversionOptions;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsPatient;
import org.imsfhir.adapter.record.ImsSession;

/**
 * Turns a (checked) session into what one registry may see. Starts from the EHR mapping (so the
 * clinical content is exactly what the EHR gets) and then:
 * <ul>
 *   <li>replaces the Patient by a pseudonymous one ({@code ims-registry-patient}): the pseudonym as
 *       its only identifier and its id, gender, birth year, the first three characters of the
 *       postal code (the Canadian FSA) and the country; no name, health number, clinic patient id or
 *       street;</li>
 *   <li>keeps Encounter, Conditions, Procedure, Observations, AdverseEvents and the practitioner side
 *       (Practitioner, PractitionerRole, clinic Organization: practitioner identity is kept);</li>
 *   <li>leaves out Consent and Provenance (they name the patient as performer / describe the EHR
 *       transaction) and the Procedure's consent-reference extension that would point at the Consent;</li>
 *   <li>gives every resource its name-based UUID (the EHR fullUrl) as id and rewrites references to
 *       {@code Type/id}, the form NDJSON files need.</li>
 * </ul>
 * Deterministic: the same session and secret always give the same resources. Stateless apart from
 * the converter; thread-safe.
 */
public final class RegistryFeedMapper {
    private static final Set<String> LEFT_OUT = Set.of("Patient", "Consent", "Provenance");
    private static final Pattern URN_UUID = Pattern.compile("urn:uuid:[0-9a-f-]{36}");
    /** The only field that varies with time (Bundle.timestamp) is dropped; any fixed clock will do. */
    private static final ConversionOptions OPTIONS = ConversionOptions.builder()
            .includeProvenance(false).clock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).build();

    private final ImsToFhirConverter converter;
    private final Pseudonymiser pseudonymiser;
    private final String identifierSystem;
    private final FhirTerser terser;

    /**
     * @param registryId    names the pseudonym namespace ({@code .../sid/registry-pseudonym/<registryId>})
     * @param pseudonymiser keyed with this registry's secret
     */
    public RegistryFeedMapper(ImsToFhirConverter converter, String registryId, Pseudonymiser pseudonymiser) {
        this.converter = Objects.requireNonNull(converter, "converter");
        this.pseudonymiser = Objects.requireNonNull(pseudonymiser, "pseudonymiser");
        this.identifierSystem = ImsCanonical.Sid.REGISTRY_PSEUDONYM + Objects.requireNonNull(registryId, "registryId");
        FhirContext ctx = ImsToFhirConverter.fhirContext();
        this.terser = ctx.newTerser();
    }

    public String identifierSystem() {
        return identifierSystem;
    }

    public RegistrySession map(ImsSession session) {
        String pseudonym = pseudonymiser.pseudonym(session.source().system(), session.patient().id());
        Bundle ehr = converter.convert(session, OPTIONS).bundle();

        // urn:uuid of every entry -> its registry reference; the Patient -> the pseudonymous Patient.
        Map<String, String> references = new HashMap<>();
        String patientUrn = null;
        for (Bundle.BundleEntryComponent e : ehr.getEntry()) {
            String type = e.getResource().fhirType();
            if (type.equals("Patient")) {
                patientUrn = e.getFullUrl();
                references.put(e.getFullUrl(), "Patient/" + pseudonym);
            } else if (!LEFT_OUT.contains(type)) {
                references.put(e.getFullUrl(), type + "/" + uuidOf(e.getFullUrl()));
            }
        }
        if (patientUrn == null) {
            throw new IllegalStateException("EHR bundle of " + session.key() + " has no Patient");
        }

        List<Resource> out = new ArrayList<>();
        out.add(patient(session, pseudonym));
        for (Bundle.BundleEntryComponent e : ehr.getEntry()) {
            Resource r = e.getResource();
            if (LEFT_OUT.contains(r.fhirType())) {
                continue;
            }
            r.setId(uuidOf(e.getFullUrl()));
            if (r instanceof DomainResource d) {
                d.getExtension().removeIf(x -> ImsCanonical.EXT_CONSENT_REFERENCE.equals(x.getUrl()));
            }
            for (Reference ref : terser.getAllPopulatedChildElementsOfType(r, Reference.class)) {
                String target = ref.getReference();
                if (target == null) {
                    continue;
                }
                String mapped = references.get(target);
                if (mapped == null) {
                    // A reference to something left out would dangle (and could name the patient).
                    throw new IllegalStateException("unmapped reference in " + r.fhirType() + " of " + session.key());
                }
                ref.setReference(mapped);
            }
            out.add(r);
        }
        return new RegistrySession(session.key(), pseudonym, out);
    }

    private Patient patient(ImsSession session, String pseudonym) {
        ImsPatient p = session.patient();
        Patient patient = new Patient();
        patient.setId(pseudonym);
        patient.getMeta().addProfile(ImsCanonical.PROFILE_REGISTRY_PATIENT);
        patient.addIdentifier().setSystem(identifierSystem).setValue(pseudonym);
        if (p.sex() != null) {
            patient.setGender(AdministrativeGender.fromCode(p.sex().code()));
        }
        if (p.birthDate() != null) {
            // Year precision: "1980", never a full date.
            patient.setBirthDateElement(new DateType(String.format(java.util.Locale.ROOT, "%04d", p.birthDate().getYear())));
        }
        String prefix = postalPrefix(p.postalCode());
        if (prefix != null) {
            patient.addAddress().setPostalCode(prefix).setCountry(session.country());
        }
        return patient;
    }

    /** First three characters of the postal code without spaces (the Canadian FSA, a US ZIP3), or null. */
    static String postalPrefix(String postalCode) {
        if (postalCode == null) {
            return null;
        }
        String compact = postalCode.replaceAll("\\s", "").toUpperCase(java.util.Locale.ROOT);
        return compact.isEmpty() ? null : compact.substring(0, Math.min(3, compact.length()));
    }

    private static String uuidOf(String fullUrl) {
        if (fullUrl == null || !URN_UUID.matcher(fullUrl).matches()) {
            throw new IllegalStateException("EHR entry without a urn:uuid fullUrl");
        }
        return fullUrl.substring("urn:uuid:".length());
    }
}
