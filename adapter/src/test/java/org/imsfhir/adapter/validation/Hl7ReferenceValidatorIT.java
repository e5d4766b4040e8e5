package org.imsfhir.adapter.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidationEngine;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.read.RecordResult;
import org.imsfhir.adapter.samples.SampleRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An independent check of the IMS package and of what the adapter emits: the HL7 reference
 * validator's engine ({@code org.hl7.fhir.validation.ValidationEngine}, the library behind the
 * official validator CLI, not HAPI's wrapper), loaded with {@code ims-package.tgz} alone, reports 0
 * errors on every package example and on every valid sample record's EHR transaction Bundle.
 *
 * <p>Offline and robust on a clean machine: the engine's package cache is a folder under
 * {@code target/} holding {@code hl7.fhir.r4.core#4.0.1} built from HAPI's R4 definitions and an
 * empty {@code hl7.fhir.xver-extensions} placeholder ({@link OfflinePackageCache}); the engine runs
 * with no terminology server; a {@link ConnectionGuard} refuses any connection attempt (and records it)
 * so nothing can be downloaded or waited for. Slow (building the core package takes about a minute
 * on first run, loading it another): an IT, not a unit test.
 *
 * <p>Package examples reference each other by REST id (Patient/ims-example-patient, ...): a
 * {@link PackageExampleFetcher} resolves those from the examples themselves. In the sample Bundles
 * every reference is an urn:uuid resolved inside the Bundle.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Hl7ReferenceValidatorIT {

    private static final Path HOME = Paths.get("target", "hl7-validator-home").toAbsolutePath();
    private static String previousHome;
    private static ConnectionGuard guard;
    private static ValidationEngine engine;

    @BeforeAll
    static void startEngine() throws Exception {
        guard = ConnectionGuard.install();
        OfflinePackageCache.prepare(HOME);
        previousHome = System.getProperty("user.home");
        // The engine's package cache manager reads <user.home>/.fhir/packages.
        System.setProperty("user.home", HOME.toString());
        engine = new ValidationEngine.ValidationEngineBuilder()
                .withCanRunWithoutTerminologyServer(true)
                .withNoTerminologyServer()
                .withVersion("4.0.1")
                .withUserAgent("ims-fhir-adapter-it")
                .fromSource("hl7.fhir.r4.core#4.0.1");
        Path tgz = Files.createTempFile("ims-package", ".tgz");
        try (InputStream in = Hl7ReferenceValidatorIT.class.getResourceAsStream(ImsPackage.CLASSPATH_TGZ)) {
            assertThat(in).as("ims-package.tgz on the classpath").isNotNull();
            Files.copy(in, tgz, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        engine.getIgLoader().loadIg(engine.getIgs(), engine.getBinaries(), tgz.toString(), true);
        // Before the first validation: the engine caches what it could not resolve.
        engine.getIgLoader().loadIg(engine.getIgs(), engine.getBinaries(), offlineTerminology().toString(), true);
        engine.setAnyExtensionsAllowed(false);
        engine.setFetcher(new PackageExampleFetcher(engine.getContext(), examplesByReference()));
    }

    @AfterAll
    static void restore() {
        if (previousHome != null) {
            System.setProperty("user.home", previousHome);
        }
        if (guard != null) {
            guard.close();
        }
    }

    static Stream<Arguments> examples() throws IOException {
        ImsPackage pkg = ImsPackage.fromClasspath(ImsToFhirConverter.fhirContext());
        var parser = ImsToFhirConverter.fhirContext().newJsonParser();
        return pkg.examples().entrySet().stream()
                .map(e -> Arguments.of(e.getKey(), parser.encodeResourceToString(e.getValue())));
    }

    /**
     * What a terminology server would tell the engine, for the two systems it cannot know offline:
     * {@code http://hl7.org/fhir/sid/icd-10-ca} (not among the SIDs the engine has built in, so it
     * calls the URL unresolvable; a content=not-present stub, so codes stay unchecked as for any
     * external system offline) and ISO 4217 (the ims-claim currencies USD and CAD; HAPI has ISO 4217
     * built in, the engine asks tx.fhir.org).
     */
    private static Path offlineTerminology() throws java.net.URISyntaxException {
        return Paths.get(Hl7ReferenceValidatorIT.class.getResource("/validation/hl7-offline-terminology").toURI());
    }

    private static Map<String, String> examplesByReference() {
        Map<String, String> out = new HashMap<>();
        ImsPackage pkg = ImsPackage.fromClasspath(ImsToFhirConverter.fhirContext());
        var parser = ImsToFhirConverter.fhirContext().newJsonParser();
        pkg.examples().values().forEach(r -> out.put(r.fhirType() + "/" + r.getIdElement().getIdPart(),
                parser.encodeResourceToString(r)));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void packageExampleHasNoError(String file, String json) throws Exception {
        List<ValidationMessage> errors = errors(json);

        assertThat(errors).as(describe(errors)).isEmpty();
    }

    static Stream<Arguments> sampleBundles() {
        ImsToFhirConverter converter = new ImsToFhirConverter();
        List<Arguments> out = new ArrayList<>();
        for (String resource : SampleRecords.validResources()) {
            List<RecordResult> records = SampleRecords.read(resource);
            for (int i = 0; i < records.size(); i++) {
                String json = ImsToFhirConverter.toJson(converter.convert(records.get(i).session()).bundle());
                out.add(Arguments.of(resource.substring(resource.lastIndexOf('/') + 1) + "#" + i, json));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleBundles")
    void sampleBundleHasNoError(String sample, String bundleJson) throws Exception {
        List<ValidationMessage> errors = errors(bundleJson);

        assertThat(errors).as(describe(errors)).isEmpty();
    }

    @Test
    void engineStillRejectsABrokenResource() throws Exception {
        List<ValidationMessage> errors = errors(TestPackages.read("/validation/must-fail/proc-twitch-exceeds-insertions.json"));

        assertThat(errors).extracting(ValidationMessage::getInvId)
                .anyMatch(id -> id != null && id.endsWith("#ims-ns-1"));
    }

    @Test
    @Order(Integer.MAX_VALUE) // after every validation of this class
    void noConnectionWasAttempted() {
        assertThat(guard.attempts()).isEmpty();
    }

    private static List<ValidationMessage> errors(String json) throws Exception {
        List<ValidationMessage> messages = new ArrayList<>();
        engine.validate(json.getBytes(StandardCharsets.UTF_8), FhirFormat.JSON, List.of(), messages);
        return messages.stream().filter(m -> m.getLevel().isError()).toList();
    }

    private static String describe(List<ValidationMessage> errors) {
        StringBuilder b = new StringBuilder();
        errors.forEach(m -> b.append('\n').append(m.getLocation()).append(' ').append(m.getMessageId()));
        return b.toString();
    }
}
