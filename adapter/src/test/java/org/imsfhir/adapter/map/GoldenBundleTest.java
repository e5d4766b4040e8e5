package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.imsfhir.adapter.ConversionOptions;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files: for a few records the whole expected Bundle lives in test-fixtures
 * ({@code golden/NAME.record.json} -> {@code golden/NAME.bundle.json}), converted with a fixed clock
 * and adapter version. Any change to the mapping fails here until the files are regenerated
 * ({@code -Dims.golden.update=true}), reviewed by eye and committed.
 */
class GoldenBundleTest {
    static final ConversionOptions GOLDEN_OPTIONS = ConversionOptions.builder()
            .clock(Clock.fixed(Instant.parse("2026-11-12T08:00:00Z"), ZoneOffset.UTC))
            .adapterVersion("golden")
            .build();
    private static final Path GOLDEN_SOURCE_DIR = Path.of("../test-fixtures/src/main/resources/golden");

    private final ImsToFhirConverter converter = new ImsToFhirConverter();

    @ParameterizedTest
    @ValueSource(strings = {"completed-ca-bc", "us-wa-pneumothorax", "entered-in-error"})
    void bundleMatchesGoldenFile(String name) throws IOException {
        String record = resource("/golden/" + name + ".record.json");
        String actual = ImsToFhirConverter.toJson(converter.convert(TestSessions.parse(record), GOLDEN_OPTIONS).bundle(), true)
                + "\n";
        if (Boolean.getBoolean("ims.golden.update")) {
            Files.writeString(GOLDEN_SOURCE_DIR.resolve(name + ".bundle.json"), actual, StandardCharsets.UTF_8);
            return;
        }
        String expected = resource("/golden/" + name + ".bundle.json");
        JsonNode expectedTree = TestSessions.JSON.readTree(expected);
        JsonNode actualTree = TestSessions.JSON.readTree(actual);
        if (!expectedTree.equals(actualTree)) {
            // Show the readable diff.
            assertThat(actual).as("golden/%s.bundle.json", name).isEqualTo(expected);
        }
        assertThat(actualTree).isEqualTo(expectedTree);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = GoldenBundleTest.class.getResourceAsStream(path)) {
            assertThat(in).as("classpath resource %s (test-fixtures)", path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
