package org.imsfhir.routes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code convert} command on the sample corpus of test-fixtures, copied to a temporary folder. */
class ConvertCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int convert(String... args) {
        return ConvertCommand.run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
    }

    private Path copySamples(String folder, String... names) throws IOException {
        Path target = Files.createDirectories(dir.resolve(folder));
        for (String name : names) {
            try (InputStream in = getClass().getResourceAsStream("/samples/" + folder + "/" + name)) {
                Files.copy(in, target.resolve(name));
            }
        }
        return target;
    }

    private String[] validSampleNames() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/samples/valid/index.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toArray(String[]::new);
        }
    }

    /** Every valid sample converts, passes profile validation (on by default) and parses back. */
    @Test
    void convertsEveryValidSampleToOneParsableBundlePerRecord() throws IOException {
        Path input = copySamples("valid", validSampleNames());
        Path outDir = dir.resolve("out");

        int exit = convert(input.toString(), "--out", outDir.toString());

        assertThat(exit).as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(outDir.resolve("report.json").toFile());
        assertThat(report.path("failed").asInt()).isZero();
        List<Path> bundles;
        try (Stream<Path> files = Files.list(outDir)) {
            bundles = files.filter(p -> p.toString().endsWith(".bundle.json")).sorted().toList();
        }
        assertThat(bundles).hasSize(report.path("records").asInt()).hasSizeGreaterThanOrEqualTo(25);
        for (Path file : bundles) {
            Bundle bundle = ImsToFhirConverter.parseBundle(Files.readString(file));
            assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
            assertThat(bundle.getEntry()).isNotEmpty();
        }
    }

    @Test
    void reportsFailedRecordsWithFieldPathsAndExitsNonZero() throws IOException {
        Path input = copySamples("invalid", "invalid-08-end-before-start.json");
        copySamples("valid", "valid-01-lumbar-radiculopathy.json");
        Path outDir = dir.resolve("out");

        int exit = convert(input.toString(), dir.resolve("valid").toString(), "--out", outDir.toString());

        assertThat(exit).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(outDir.resolve("report.json").toFile());
        assertThat(report.path("converted").asInt()).isEqualTo(1);
        assertThat(report.path("failed").asInt()).isEqualTo(1);
        JsonNode failure = report.path("failures").get(0);
        assertThat(failure.path("file").asText()).endsWith("invalid-08-end-before-start.json");
        assertThat(failure.path("issues").findValuesAsText("path")).contains("end");
        assertThat(err.toString()).contains("invalid-08-end-before-start.json").contains("end: ");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(convert()).isEqualTo(2);
        assertThat(convert("--bogus", "x")).isEqualTo(2);
        assertThat(convert(dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("usage: convert");
    }

    @Test
    void printsProgressForLargeInputs() throws IOException {
        String record = new String(getClass().getResourceAsStream("/samples/valid/valid-01-lumbar-radiculopathy.json")
                .readAllBytes(), StandardCharsets.UTF_8);
        String oneLine = new ObjectMapper().readTree(record).toString();
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < ConvertCommand.PROGRESS_EVERY + 1; i++) {
            ndjson.append(oneLine.replace("\"sessionId\":\"", "\"sessionId\":\"P" + i + "-")).append('\n');
        }
        Path input = Files.writeString(dir.resolve("many.ndjson"), ndjson);

        // Profile validation is covered above; skipping it keeps this volume test short.
        int exit = convert(input.toString(), "--out", dir.resolve("out").toString(), "--no-validate");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("... " + ConvertCommand.PROGRESS_EVERY + " records read");
        assertThat(out.toString()).contains((ConvertCommand.PROGRESS_EVERY + 1) + " record(s) read");
    }

    /**
     * An NDJSON file past the reader's limit per payload (1,000 records) converts whole, read in chunks;
     * a bad record deep in the file is reported with the file's own record index and line.
     */
    @Test
    void convertsNdjsonFilesLargerThanOnePayloadKeepingTheFilesIndexesAndLines() throws IOException {
        String record = new String(getClass().getResourceAsStream("/samples/valid/valid-01-lumbar-radiculopathy.json")
                .readAllBytes(), StandardCharsets.UTF_8);
        String oneLine = new ObjectMapper().readTree(record).toString();
        int records = 1_200;
        int bad = 1_149; // 0-based record index, line 1,150
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < records; i++) {
            String line = oneLine.replace("\"sessionId\":\"", "\"sessionId\":\"L" + i + "-");
            ndjson.append(i == bad ? line.replace("\"birthDate\":\"", "\"birthDate\":\"x") : line).append('\n');
        }
        Path input = Files.writeString(dir.resolve("large.ndjson"), ndjson);

        int exit = convert(input.toString(), "--out", dir.resolve("out").toString(), "--no-validate");

        assertThat(exit).as("one bad record").isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
        assertThat(report.path("records").asInt()).isEqualTo(records);
        assertThat(report.path("converted").asInt()).isEqualTo(records - 1);
        assertThat(report.path("failures")).hasSize(1);
        assertThat(report.path("failures").get(0).path("record").asInt()).isEqualTo(bad);
        assertThat(report.path("failures").get(0).path("line").asInt()).isEqualTo(bad + 1);
    }
}
