package org.imsfhir.adapter.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.samples.SampleRecords;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.imsfhir.adapter.validation.ValidationReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RegistryFeedMapperTest {
    private static final String SECRET = "registry-test-secret-not-real-0001";
    private static final ImsToFhirConverter CONVERTER = new ImsToFhirConverter();
    private static List<ImsSession> samples;

    @BeforeAll
    static void load() {
        samples = SampleRecords.loadAllValid();
    }

    private static RegistryFeedMapper mapper(String registryId, String secret) {
        return new RegistryFeedMapper(CONVERTER, registryId, Pseudonymiser.of(secret));
    }

    @Test
    void noDirectIdentifierOfAnySamplePatientInAnyRegistryResource() {
        RegistryFeedMapper mapper = mapper("national-ims", SECRET);
        List<String> json = new ArrayList<>();
        for (ImsSession s : samples) {
            for (Resource r : mapper.map(s).resources()) {
                json.add(ImsToFhirConverter.fhirContext().newJsonParser().encodeResourceToString(r));
            }
        }
        List<String> identifiers = DirectIdentifiers.of(samples);
        assertThat(identifiers).hasSizeGreaterThan(50); // the scan really looks for something
        String all = String.join("\n", json);
        for (String id : identifiers) {
            assertThat(all).as("direct identifier leaked into registry output").doesNotContainIgnoringCase(id);
        }
    }

    @Test
    void pseudonymousPatientKeepsOnlyGenderBirthYearAndPostalPrefix() {
        ImsSession s = SampleRecords.load("/samples/valid/valid-01-lumbar-radiculopathy.json");
        RegistrySession rs = mapper("national-ims", SECRET).map(s);
        Patient p = (Patient) rs.resources().get(0);
        assertThat(p.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_REGISTRY_PATIENT);
        assertThat(p.getIdentifier()).singleElement().satisfies(i -> {
            assertThat(i.getSystem()).isEqualTo(ImsCanonical.Sid.REGISTRY_PSEUDONYM + "national-ims");
            assertThat(i.getValue()).isEqualTo(rs.pseudonym()); // patient.id, pseudonymised
        });
        assertThat(p.getIdElement().getIdPart()).isEqualTo(rs.pseudonym());
        assertThat(p.hasName()).isFalse(); // patient.family / given dropped
        assertThat(p.getBirthDateElement().getValueAsString()).isEqualTo(String.valueOf(s.patient().birthDate().getYear())); // patient.birthDate, year only
        assertThat(p.getAddressFirstRep().getPostalCode()).isEqualTo("V6K"); // patient.postalCode "V6K 0A1", first three
        assertThat(p.getAddressFirstRep().hasLine()).isFalse();
        assertThat(p.getGender().toCode()).isEqualTo(s.patient().sex().code()); // patient.sex kept
    }

    @Test
    void sessionResourcesPointAtThePseudonymousPatientAndAtEachOther() {
        ImsSession s = SampleRecords.load("/samples/valid/valid-01-lumbar-radiculopathy.json");
        RegistrySession rs = mapper("national-ims", SECRET).map(s);
        Set<String> ids = rs.resources().stream().map(r -> r.fhirType() + "/" + r.getIdElement().getIdPart())
                .collect(Collectors.toSet());
        Procedure proc = only(rs, Procedure.class);
        assertThat(proc.getSubject().getReference()).isEqualTo("Patient/" + rs.pseudonym()); // session subject
        assertThat(ids).contains(proc.getEncounter().getReference(), proc.getPerformerFirstRep().getActor().getReference());
        assertThat(proc.getExtensionByUrl(ImsCanonical.EXT_CONSENT_REFERENCE)).isNull(); // consent left out
        Encounter enc = only(rs, Encounter.class);
        assertThat(enc.getSubject().getReference()).isEqualTo("Patient/" + rs.pseudonym());
        assertThat(rs.resources()).extracting(Resource::fhirType).doesNotContain("Consent", "Provenance")
                .contains("Practitioner", "PractitionerRole", "Organization", "Condition", "Observation");
    }

    @Test
    void everyRegistryResourceOfEverySampleValidatesWithNoErrors() {
        ProfileValidator validator = ProfileValidator.standard();
        RegistryFeedMapper mapper = mapper("national-ims", SECRET);
        List<String> failures = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        int count = 0;
        for (ImsSession s : samples) {
            for (Resource r : mapper.map(s).resources()) {
                if (!seen.add(r.fhirType() + "/" + r.getIdElement().getIdPart())) {
                    continue; // the same practitioner / clinic / patient resource again: validated once
                }
                count++;
                ValidationReport report = validator.validate(r);
                if (!report.isValid()) {
                    failures.add(s.key() + " " + r.fhirType() + ": " + report.toLogString());
                }
            }
        }
        assertThat(count).isGreaterThan(samples.size() * 5);
        assertThat(failures).isEmpty();
    }

    @Test
    void twoRunsSamePseudonymOtherSecretOtherPseudonym() {
        ImsSession s = SampleRecords.load("/samples/valid/valid-01-lumbar-radiculopathy.json");
        ImsSession later = SampleRecords.load("/samples/valid/valid-02-lumbar-course-session-4.json"); // same patient P-90001
        String first = mapper("national-ims", SECRET).map(s).pseudonym();
        assertThat(mapper("national-ims", SECRET).map(later).pseudonym()).isEqualTo(first);
        assertThat(mapper("national-ims", "another-registry-secret-not-real").map(s).pseudonym()).isNotEqualTo(first);
        // whole output identical between runs: the feed is deterministic
        assertThat(encode(mapper("national-ims", SECRET).map(s))).isEqualTo(encode(mapper("national-ims", SECRET).map(s)));
    }

    @Test
    void postalPrefix() {
        assertThat(RegistryFeedMapper.postalPrefix("V6K 0A1")).isEqualTo("V6K");
        assertThat(RegistryFeedMapper.postalPrefix("98101")).isEqualTo("981");
        assertThat(RegistryFeedMapper.postalPrefix(" v6k0a1")).isEqualTo("V6K");
        assertThat(RegistryFeedMapper.postalPrefix(null)).isNull();
    }

    private static String encode(RegistrySession rs) {
        return rs.resources().stream()
                .map(r -> ImsToFhirConverter.fhirContext().newJsonParser().encodeResourceToString(r))
                .collect(Collectors.joining("\n"));
    }

    private static <T extends Resource> T only(RegistrySession rs, Class<T> type) {
        List<T> found = rs.resources().stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
