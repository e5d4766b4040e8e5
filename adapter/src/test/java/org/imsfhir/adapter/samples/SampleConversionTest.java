package org.imsfhir.adapter.samples;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.imsfhir.adapter.ConversionOptions;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.read.RecordResult;
import org.imsfhir.adapter.record.ImsSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every record of every valid sample converts, and its Bundle parses back with HAPI unchanged. */
class SampleConversionTest {
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ImsToFhirConverter CONVERTER = new ImsToFhirConverter();
    private static final ConversionOptions OPTIONS = ConversionOptions.builder()
            .clock(Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC)).adapterVersion("test").build();

    static Stream<String> validSamples() {
        return SampleRecords.validResources().stream();
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void convertsAndParsesBack(String resource) {
        List<RecordResult> records = SampleRecords.read(resource);
        assertThat(records).isNotEmpty();
        for (RecordResult record : records) {
            assertThat(record.ok()).as("%s reads clean", resource).isTrue();
            ImsSession session = record.session();
            Bundle bundle = CONVERTER.convert(session, OPTIONS).bundle();

            assertThat(bundle.getEntry()).as(session.key().toString()).isNotEmpty();
            assertThat(bundle.getEntry()).allSatisfy(e -> {
                assertThat(e.getResource().getMeta().getProfile()).as("meta.profile of %s", e.getResource().fhirType())
                        .hasSize(1);
                assertThat(e.getRequest().getUrl()).isNotBlank();
            });
            Set<String> fullUrls = bundle.getEntry().stream().map(BundleEntryComponent::getFullUrl).collect(Collectors.toSet());
            assertThat(fullUrls).as("unique fullUrls in %s", session.key()).hasSize(bundle.getEntry().size());
            Set<String> requestUrls = bundle.getEntry().stream().map(e -> e.getRequest().getMethod() + " "
                    + e.getRequest().getUrl() + " " + e.getRequest().getIfNoneExist()).collect(Collectors.toSet());
            assertThat(requestUrls).as("unique requests in %s", session.key()).hasSize(bundle.getEntry().size());
            assertThat(fullUrls).as("references resolve inside %s", session.key()).containsAll(references(bundle));

            String json = ImsToFhirConverter.toJson(bundle);
            Bundle parsed = ImsToFhirConverter.parseBundle(json);
            assertThat(parsed.getEntry()).hasSameSizeAs(bundle.getEntry());
            assertThat(ImsToFhirConverter.toJson(parsed)).isEqualTo(json);
            // HAPI's plain parser reads it too.
            assertThat(FHIR.newJsonParser().parseResource(Bundle.class, json).getEntry()).hasSameSizeAs(bundle.getEntry());
        }
    }

    private static Set<String> references(Bundle bundle) {
        FhirTerser terser = FHIR.newTerser();
        Set<String> refs = new HashSet<>();
        for (BundleEntryComponent e : bundle.getEntry()) {
            Resource r = e.getResource();
            for (Reference ref : terser.getAllPopulatedChildElementsOfType(r, Reference.class)) {
                if (ref.hasReference()) {
                    refs.add(ref.getReference());
                }
            }
        }
        return refs;
    }
}
