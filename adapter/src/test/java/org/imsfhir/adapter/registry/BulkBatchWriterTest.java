package org.imsfhir.adapter.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Resource;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.samples.SampleRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkBatchWriterTest {
    private static final Instant T = Instant.parse("2026-11-25T14:00:00Z");

    @Test
    void writesOneNdjsonPerTypeAndAManifestThatCountsThem(@TempDir Path dir) throws Exception {
        List<ImsSession> sessions = SampleRecords.loadAllValid();
        RegistryFeedMapper mapper = new RegistryFeedMapper(new ImsToFhirConverter(), "national-ims",
                Pseudonymiser.of("registry-test-secret-not-real-0001"));
        List<Resource> resources = new ArrayList<>();
        sessions.forEach(s -> resources.addAll(mapper.map(s).resources()));

        BulkManifest m = new BulkBatchWriter().write(dir, "batch-7", resources, T, "POST /ims/registries/national-ims/batches", "");

        JsonNode manifest = new ObjectMapper().readTree(dir.resolve(BulkBatchWriter.MANIFEST).toFile());
        assertThat(manifest.get("transactionTime").asText()).isEqualTo("2026-11-25T14:00:00Z");
        assertThat(manifest.get("request").asText()).isEqualTo("POST /ims/registries/national-ims/batches");
        assertThat(manifest.get("requiresAccessToken").asBoolean(true)).isFalse();
        assertThat(manifest.get("error").isArray()).isTrue();
        assertThat(manifest.get("extension").get(BulkBatchWriter.EXT_BATCH_ID).asText()).isEqualTo("batch-7");
        assertThat(manifest.get("output")).hasSize(m.output().size());
        for (JsonNode o : manifest.get("output")) {
            Path file = dir.resolve(o.get("url").asText());
            assertThat(file.getFileName().toString()).isEqualTo(o.get("type").asText() + ".ndjson");
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize(o.get("count").asInt());
            for (String line : lines) {
                Resource r = (Resource) ImsToFhirConverter.fhirContext().newJsonParser().parseResource(line);
                assertThat(r.fhirType()).isEqualTo(o.get("type").asText());
            }
        }
        assertThat(m.output()).extracting(BulkManifest.Output::type)
                .contains("Patient", "Encounter", "Procedure", "Observation", "Condition", "AdverseEvent", "Practitioner");
        // distinct patients in the corpus = lines of Patient.ndjson (one pseudonym each, written once)
        long patients = sessions.stream().map(s -> s.source().system() + "|" + s.patient().id()).distinct().count();
        assertThat(m.output().stream().filter(o -> o.type().equals("Patient")).findFirst().orElseThrow().count())
                .isEqualTo((int) patients);

        // and no direct identifier in any file
        List<String> identifiers = DirectIdentifiers.of(sessions);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f);
                for (String id : identifiers) {
                    assertThat(text).as(f.getFileName().toString()).doesNotContainIgnoringCase(id);
                }
            }
        }
    }

    @Test
    void sameResourcesGiveIdenticalFiles(@TempDir Path a, @TempDir Path b) throws Exception {
        ImsSession s = SampleRecords.load("/samples/valid/valid-07-thoracic-pneumothorax-serious.json");
        RegistryFeedMapper mapper = new RegistryFeedMapper(new ImsToFhirConverter(), "r",
                Pseudonymiser.of("registry-test-secret-not-real-0001"));
        new BulkBatchWriter().write(a, "1", mapper.map(s).resources(), T, "req", "https://registry.example/files/");
        new BulkBatchWriter().write(b, "1", mapper.map(s).resources(), T, "req", "https://registry.example/files/");
        try (Stream<Path> files = Files.list(a)) {
            for (Path f : files.toList()) {
                assertThat(Files.readString(b.resolve(f.getFileName().toString()))).isEqualTo(Files.readString(f));
            }
        }
        assertThat(Files.readString(a.resolve("manifest.json"))).contains("https://registry.example/files/Procedure.ndjson");
    }
}
