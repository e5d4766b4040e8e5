package org.imsfhir.adapter.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.read.RecordResult;
import org.imsfhir.adapter.samples.SampleRecords;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pooled, reused HL7 validators ({@link PooledInstanceValidator}) report exactly what HAPI's
 * {@code FhirInstanceValidator} reports (a new HL7 validator per call): same issues, same order, same
 * text, same silencing, on every package example, every valid sample Bundle and every must-fail
 * variant; call after call on reused validators, and from two threads at once.
 */
class PooledInstanceValidatorTest {

    private static final String MUST_FAIL_DIR = "/validation/must-fail/";

    /** name -> how to validate it with a given validator. */
    private static final Map<String, Input> INPUTS = new LinkedHashMap<>();
    /** What HAPI's own validator reports for each input (computed once). */
    private static Map<String, ValidationReport> expected;

    interface Input {
        ValidationReport validateWith(ProfileValidator v);
    }

    @BeforeAll
    static void inputs() throws IOException, URISyntaxException {
        ProfileValidator pooled = SharedValidator.hl7Only();
        ProfileValidator hapiPerCall = ProfileValidator.builder(pooled.fhirContext())
                .imsPackage(pooled.imsPackage()).hapiValidatorPerCall(true).compiled(false).build();
        for (Map.Entry<String, IBaseResource> e : pooled.imsPackage().examples().entrySet()) {
            IBaseResource r = e.getValue();
            INPUTS.put("example " + e.getKey(), v -> v.validate(r));
        }
        ImsToFhirConverter converter = new ImsToFhirConverter();
        for (String resource : SampleRecords.validResources()) {
            for (RecordResult r : SampleRecords.read(resource)) {
                var bundle = converter.convert(r.session()).bundle();
                INPUTS.put("sample " + r.session().key(), v -> v.validate(bundle));
            }
        }
        Path dir = Paths.get(PooledInstanceValidatorTest.class.getResource(MUST_FAIL_DIR).toURI());
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String json = Files.readString(p);
                INPUTS.put("must-fail " + p.getFileName(), v -> v.validateJson(json));
            }
        }
        expected = all(() -> hapiPerCall);
    }

    private static Map<String, ValidationReport> all(Supplier<ProfileValidator> v) {
        Map<String, ValidationReport> out = new LinkedHashMap<>();
        INPUTS.forEach((name, in) -> out.put(name, in.validateWith(v.get())));
        return out;
    }

    @Test
    void sameReportsAsHapisValidatorOnEveryInputTwiceOver() {
        assertThat(expected).hasSizeGreaterThan(60);
        assertThat(expected.values()).anyMatch(r -> !r.isValid()).anyMatch(ValidationReport::isValid);

        for (int pass = 1; pass <= 2; pass++) { // the second pass runs on validators reused many times
            Map<String, ValidationReport> actual = all(SharedValidator::hl7Only);
            for (String name : expected.keySet()) {
                assertSameFindings(actual.get(name), expected.get(name), "pass " + pass + ", " + name);
            }
        }
    }

    /**
     * The same issues and silenced issues, each as many times (message, location, id, severity, code),
     * in any order: a Bundle entry with one IMS profile is walked once against that profile in place of
     * its base type and the profile, so the findings come in another order than HAPI's.
     */
    private static void assertSameFindings(ValidationReport actual, ValidationReport expected, String what) {
        assertThat(actual.issues()).as("issues of %s", what).containsExactlyInAnyOrderElementsOf(expected.issues());
        assertThat(actual.silenced()).as("silenced issues of %s", what).containsExactlyInAnyOrderElementsOf(expected.silenced());
    }

    /** The url short-cut of slice matching is taken (the comparisons above show it changes no finding). */
    @Test
    void extensionSliceTriesAreAnsweredByUrl() {
        ProfileValidator v = ProfileValidator.builder(SharedValidator.get().fhirContext())
                .imsPackage(SharedValidator.get().imsPackage()).compiled(false).build(); // the HL7 pool itself
        IBaseResource procedure = v.imsPackage().examples().get("Procedure-ims-example-session-procedure.json");
        assertThat(procedure).as("the session Procedure example").isNotNull();
        assertThat(v.validate(procedure).isValid()).isTrue();
        // 2 needled sites x (5 or 6 sub-extensions, each against the other 5 slices) + 5 Procedure extensions x 4
        assertThat(v.sliceTriesSkipped()).isGreaterThanOrEqualTo(2 * 5 * 5);
    }

    @Test
    void sameReportsFromTwoThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Map<String, ValidationReport>>> runs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                runs.add(pool.submit(() -> all(SharedValidator::hl7Only)));
            }
            for (Future<Map<String, ValidationReport>> run : runs) {
                Map<String, ValidationReport> actual = run.get();
                for (String name : expected.keySet()) {
                    assertSameFindings(actual.get(name), expected.get(name), name);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void validatorsAreReusedKeepNothingFromEarlierCallsAndAreRetiredAfterTheirQuota() {
        assertThat(PooledInstanceValidator.CLEANUP_COMPLETE)
                .as("every growing collection of this HL7 validator version is found").isTrue();
        ProfileValidator v = ProfileValidator.builder(SharedValidator.get().fhirContext())
                .imsPackage(SharedValidator.get().imsPackage()).compiled(false).build(); // the HL7 pool itself
        for (Input in : INPUTS.values()) { // codings, references, narratives: everything the inputs have
            in.validateWith(v);
        }
        assertThat(v.instanceValidatorsCreated()).isEqualTo(1);
        assertThat(v.instanceValidatorsRetainedEntries()).isZero();

        IBaseResource org = v.imsPackage().examples().get("Organization-ims-example-clinic.json");
        for (int i = INPUTS.size(); i < PooledInstanceValidator.USES_PER_VALIDATOR + 10; i++) {
            assertThat(v.validate(org).isValid()).isTrue();
        }
        // one thread: one validator for its whole quota of calls, then a fresh one
        assertThat(v.instanceValidatorsCreated()).isEqualTo(2);
    }
}
