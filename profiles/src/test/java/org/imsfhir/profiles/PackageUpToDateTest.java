package org.imsfhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.imsfhir.profiles.build.FshDigest;
import org.imsfhir.profiles.build.PackageAssembler;
import org.imsfhir.profiles.build.PackageIndex;
import org.imsfhir.profiles.build.PackageLayout;
import org.imsfhir.profiles.build.SnapshotBuilder;
import org.junit.jupiter.api.Test;

/**
 * Proves, without SUSHI or npm, that the committed package is what profiles/regenerate.sh builds
 * from the committed sources: the snapshots are regenerated from the committed differentials and
 * compared, the .index.json files are recomputed, and the FSH digest matches. A failure means:
 * run profiles/regenerate.sh and commit its output.
 */
class PackageUpToDateTest {

    private static final Path PROFILES = Path.of("").toAbsolutePath();
    private static final Path PACKAGE = PackageLayout.packageFolder(PROFILES);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HINT = "out of date: run profiles/regenerate.sh and commit the package";

    @Test
    void snapshotsAreGeneratedFromTheCommittedDifferentials() throws IOException {
        FhirContext ctx = FhirContext.forR4Cached();
        List<StructureDefinition> committed = new ArrayList<>();
        for (Path file : PackageIndex.resourceFiles(PACKAGE)) {
            if (file.getFileName().toString().startsWith("StructureDefinition-")) {
                committed.add(ctx.newJsonParser().parseResource(StructureDefinition.class, read(file)));
            }
        }
        assertThat(committed).as("StructureDefinitions in the package").isNotEmpty();

        for (StructureDefinition regenerated : new SnapshotBuilder(ctx).build(committed, PackageAssembler.terminology(ctx, PACKAGE))) {
            Path file = PACKAGE.resolve("StructureDefinition-" + regenerated.getIdElement().getIdPart() + ".json");
            assertThat(PackageAssembler.encode(ctx, regenerated))
                    .as("%s %s", file.getFileName(), HINT)
                    .isEqualTo(read(file));
        }
    }

    @Test
    void indexFilesListEveryResource() throws IOException {
        for (Path folder : List.of(PACKAGE, PackageLayout.exampleFolder(PROFILES))) {
            JsonNode committed = JSON.readTree(folder.resolve(".index.json").toFile());
            assertThat(committed).as("%s/.index.json %s", folder.getFileName(), HINT).isEqualTo(PackageIndex.of(folder));
        }
    }

    @Test
    void packageWasBuiltFromTheCommittedFsh() throws IOException {
        assertThat(FshDigest.recorded(PROFILES)).as("FSH sources changed since the package was built; " + HINT)
                .isEqualTo(FshDigest.of(PROFILES));
    }

    @Test
    void manifestNamesThePackageAndItsCoreDependency() throws IOException {
        JsonNode manifest = JSON.readTree(PACKAGE.resolve("package.json").toFile());
        assertThat(manifest.path("name").asText()).isEqualTo("imsfhir.ims");
        assertThat(manifest.path("version").asText()).isEqualTo("0.1.0");
        assertThat(manifest.path("canonical").asText()).isEqualTo("https://ims-fhir-adapter.github.io/ig");
        assertThat(manifest.path("fhirVersions")).containsExactly(JSON.getNodeFactory().textNode("4.0.1"));
        assertThat(manifest.path("dependencies").path("hl7.fhir.r4.core").asText()).isEqualTo("4.0.1");
        assertThat(manifest.path("dependencies").size()).isEqualTo(1);
    }

    @Test
    void everyResourceIsOfThisPackageVersionAndCanonical() throws IOException {
        for (Path file : PackageIndex.resourceFiles(PACKAGE)) {
            JsonNode resource = JSON.readTree(file.toFile());
            String type = resource.path("resourceType").asText();
            String id = resource.path("id").asText();
            assertThat(file.getFileName().toString()).isEqualTo(type + "-" + id + ".json");
            assertThat(resource.path("url").asText()).as(file.getFileName().toString())
                    .isEqualTo("https://ims-fhir-adapter.github.io/ig/" + type + "/" + id);
            assertThat(resource.path("version").asText()).as(file.getFileName().toString()).isEqualTo("0.1.0");
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
