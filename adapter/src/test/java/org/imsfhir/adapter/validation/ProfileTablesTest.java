package org.imsfhir.adapter.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.read.RecordResult;
import org.imsfhir.adapter.samples.SampleRecords;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The must-pass and must-fail tables of {@code validation/} (mCODE style): what the IMS package and
 * the validator accept and what they reject, asserted on FHIRPath location, issue type and message id
 * or invariant key, never on English text.
 */
class ProfileTablesTest {

    private static final String MUST_PASS = "/validation/must-pass.csv";
    private static final String MUST_FAIL = "/validation/must-fail.csv";
    private static final String MUST_FAIL_DIR = "/validation/must-fail/";
    private static final ImsToFhirConverter CONVERTER = new ImsToFhirConverter();

    static Stream<Arguments> mustPassExamples() {
        return ValidationTable.read(MUST_PASS).stream().filter(r -> r.get("kind").equals("example"))
                .map(r -> Arguments.of(r.get("name"), r.get("profile")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mustPassExamples")
    void packageExampleValidatesWithoutErrors(String file, String profile) {
        IBaseResource example = SharedValidator.get().imsPackage().examples().get(file);
        assertThat(example).as("example %s in the package", file).isNotNull();
        assertThat(((Resource) example).getMeta().getProfile()).extracting(p -> p.getValue()).contains(profile);

        ValidationReport report = SharedValidator.get().validate(example);

        assertThat(report.errors()).as(report.toLogString()).isEmpty();
    }

    static Stream<String> examplesNotInTable() {
        Set<String> listed = ValidationTable.read(MUST_PASS).stream().filter(r -> r.get("kind").equals("example"))
                .map(r -> r.get("name")).collect(Collectors.toSet());
        List<String> unlisted = SharedValidator.get().imsPackage().examples().keySet().stream()
                .filter(f -> !listed.contains(f)).toList();
        // JUnit needs at least one argument; "-" stands for "every example is listed".
        return unlisted.isEmpty() ? Stream.of("-") : unlisted.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examplesNotInTable")
    void examplesMissingFromTheTableValidateToo(String file) {
        if (file.equals("-")) {
            assertThat(SharedValidator.get().imsPackage().examples()).isNotEmpty();
            return;
        }
        ValidationReport report = SharedValidator.get().validate(SharedValidator.get().imsPackage().examples().get(file));

        assertThat(report.errors()).as(report.toLogString()).isEmpty();
    }

    static Stream<Arguments> mustPassSamples() {
        Set<String> listed = ValidationTable.read(MUST_PASS).stream().filter(r -> r.get("kind").equals("sample"))
                .map(r -> r.get("name")).collect(Collectors.toSet());
        // Every valid sample, listed or not, so the table cannot fall behind the corpus.
        Set<String> all = new java.util.LinkedHashSet<>(listed);
        SampleRecords.validResources().forEach(r -> all.add(r.substring(r.lastIndexOf('/') + 1)));
        return all.stream().map(name -> Arguments.of(name, listed.contains(name)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mustPassSamples")
    void validSampleBundleValidatesWithoutErrors(String sample, boolean listed) {
        List<RecordResult> records = SampleRecords.read(SampleRecords.VALID_DIR + sample);
        assertThat(records).as("records of %s", sample).isNotEmpty().allMatch(RecordResult::ok);

        for (RecordResult record : records) {
            Bundle bundle = CONVERTER.convert(record.session()).bundle();

            ValidationReport report = SharedValidator.get().validate(bundle);

            assertThat(report.errors()).as("%s %s: %s", sample, record.session().key(), report.toLogString())
                    .isEmpty();
        }
    }

    static Stream<Arguments> mustFail() {
        return ValidationTable.read(MUST_FAIL).stream().map(ProfileTablesTest::mustFailArgs);
    }

    private static Arguments mustFailArgs(CSVRecord r) {
        return Arguments.of(r.get("file"), r.get("location"), r.get("issue_code"), r.get("message_id"),
                r.get("invariant"), r.get("break"));
    }

    @ParameterizedTest(name = "{0}: {5}")
    @MethodSource("mustFail")
    void brokenResourceFailsWithExpectedIssue(String file, String location, String issueCode, String messageId,
            String invariant, String brokenHow) {
        String json = TestPackages.read(MUST_FAIL_DIR + file);

        ValidationReport report = SharedValidator.get().validateJson(json);

        assertThat(report.isValid()).as("%s must be rejected", file).isFalse();
        assertThat(report.errors()).as(report.toLogString()).anySatisfy(issue -> {
            assertThat(issue.location()).isEqualTo(location);
            assertThat(issue.code()).isEqualTo(issueCode);
            if (invariant.isEmpty()) {
                assertThat(issue.messageId()).isEqualTo(messageId);
            } else {
                assertThat(issue.invariant()).isEqualTo(invariant);
            }
        });
    }

    @Test
    void mustFailTableHasAtLeastThirtyRowsAndCoversEveryBrokenFile() throws IOException, URISyntaxException {
        List<String> rows = ValidationTable.read(MUST_FAIL).stream().map(r -> r.get("file")).toList();
        Path dir = Paths.get(ProfileTablesTest.class.getResource(MUST_FAIL_DIR).toURI());
        List<String> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).toList();
        }

        assertThat(rows).hasSizeGreaterThanOrEqualTo(30).doesNotHaveDuplicates();
        assertThat(rows).containsExactlyInAnyOrderElementsOf(files);
    }
}
