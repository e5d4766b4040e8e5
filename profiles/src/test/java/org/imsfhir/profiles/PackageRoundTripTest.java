package org.imsfhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.imsfhir.profiles.build.PackageIndex;
import org.imsfhir.profiles.build.PackageLayout;
import org.junit.jupiter.api.Test;

/** The built package.tgz alone is a loadable FHIR package holding everything in the package folder. */
class PackageRoundTripTest {

    private static final Path PROFILES = Path.of("").toAbsolutePath();
    private static final String CANONICAL = "https://ims-fhir-adapter.github.io/ig/";

    /** Every profile and extension of org.imsfhir.adapter.fhir.ImsCanonical (profiles cannot see the adapter). */
    private static final List<String> CANONICAL_IDS = List.of(
            "ims-patient", "ims-practitioner", "ims-practitioner-role", "ims-clinic", "ims-encounter",
            "ims-diagnosis", "ims-session-procedure", "ims-pain-score", "ims-odi-score", "ims-ndi-score",
            "ims-psfs-score", "ims-range-of-motion", "ims-consent", "ims-adverse-event", "ims-provenance",
            "ims-claim", "ims-registry-patient", "ims-coverage", "ims-insurer",
            "ims-needled-site", "ims-needle-specification", "ims-electrical-stimulation", "ims-measurement-timing",
            "ims-session-number", "ims-consent-reference", "ims-laterality", "ims-spinal-level");

    @Test
    void tgzIsAStandardNpmPackage() throws IOException {
        NpmPackage npm;
        try (InputStream in = Files.newInputStream(PROFILES.resolve("target").resolve("ims-package.tgz"))) {
            npm = NpmPackage.fromPackage(in);
        }
        assertThat(npm.name()).isEqualTo("imsfhir.ims");
        assertThat(npm.version()).isEqualTo("0.1.0");
        assertThat(npm.canonical()).isEqualTo("https://ims-fhir-adapter.github.io/ig");
        assertThat(npm.fhirVersion()).isEqualTo("4.0.1");
        assertThat(npm.dependencies()).containsExactly("hl7.fhir.r4.core#4.0.1");

        List<String> folderFiles = PackageIndex.resourceFiles(PackageLayout.packageFolder(PROFILES)).stream()
                .map(p -> p.getFileName().toString()).toList();
        assertThat(npm.listResources("StructureDefinition", "ValueSet", "CodeSystem"))
                .containsExactlyInAnyOrderElementsOf(folderFiles);
        List<String> exampleFiles = PackageIndex.resourceFiles(PackageLayout.exampleFolder(PROFILES)).stream()
                .map(p -> p.getFileName().toString()).toList();
        assertThat(npm.getFolders().get("example").listFiles()).containsAll(exampleFiles);
    }

    @Test
    void hapiLoadsEveryStructureDefinitionFromTheTgzOnTheClasspath() throws IOException {
        FhirContext ctx = FhirContext.forR4Cached();
        NpmPackageValidationSupport support = new NpmPackageValidationSupport(ctx);
        support.loadPackageFromClasspath("classpath:/ims-package.tgz");

        List<String> expected = new ArrayList<>();
        for (Path file : PackageIndex.resourceFiles(PackageLayout.packageFolder(PROFILES))) {
            String name = file.getFileName().toString();
            if (name.startsWith("StructureDefinition-")) {
                expected.add(CANONICAL + "StructureDefinition/" + name.substring(20, name.length() - 5));
            }
        }
        assertThat(expected).containsExactlyInAnyOrderElementsOf(
                CANONICAL_IDS.stream().map(id -> CANONICAL + "StructureDefinition/" + id).toList());
        for (String url : expected) {
            StructureDefinition sd = (StructureDefinition) support.fetchStructureDefinition(url);
            assertThat(sd).as(url).isNotNull();
            assertThat(sd.getSnapshot().getElement()).as("snapshot of " + url).isNotEmpty();
        }
        assertThat(support.fetchValueSet(CANONICAL + "ValueSet/ims-muscle")).isNotNull();
        assertThat(support.fetchCodeSystem(CANONICAL + "CodeSystem/ims-muscle")).isNotNull();
    }
}
