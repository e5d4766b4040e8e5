package org.imsfhir.adapter.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.read.RecordResult;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.imsfhir.adapter.validation.ValidationIssue;
import org.imsfhir.adapter.validation.ValidationReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mapper <-> profiles contract (profiles/README.md): the Bundle of every valid sample record passes
 * the IMS profiles and R4 with no error, offline. A mapping change the profiles do not accept, or a
 * profile rule the mapping does not meet, fails here.
 */
class ConvertedSamplesConformTest {
    private static final ImsToFhirConverter CONVERTER = new ImsToFhirConverter();

    static Stream<String> validSamples() {
        return SampleRecords.validResources().stream();
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void bundleHasNoValidationErrors(String resource) {
        ProfileValidator validator = ProfileValidator.standard();
        for (RecordResult record : SampleRecords.read(resource)) {
            assertThat(record.ok()).as("%s reads clean", resource).isTrue();
            ValidationReport report = validator.validate(CONVERTER.convert(record.session()).bundle());
            List<String> errors = report.errors().stream().map(ValidationIssue::toLogString).toList();
            assertThat(errors).as("validation errors for %s (%s)", record.session().key(), resource).isEmpty();
        }
    }
}
