package org.imsfhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.imsfhir.profiles.build.PackageIndex;
import org.imsfhir.profiles.build.PackageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example of the package conforms to the IMS profile it claims, with 0 errors, offline. */
class ExamplesValidateTest {

    private static final Path EXAMPLES = PackageLayout.exampleFolder(Path.of("").toAbsolutePath());

    static List<Path> examples() {
        return PackageIndex.resourceFiles(EXAMPLES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleValidatesWithoutErrors(Path file) throws IOException {
        IBaseResource example = PackageValidator.CTX.newJsonParser()
                .parseResource(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(example.getMeta().getProfile()).as("meta.profile of " + file.getFileName())
                .singleElement().satisfies(p -> assertThat(p.getValue())
                        .startsWith("https://ims-fhir-adapter.github.io/ig/StructureDefinition/ims-"));

        ValidationResult result = PackageValidator.validate(example);

        assertThat(PackageValidator.errors(result)).as("errors in %s:%s", file.getFileName(),
                PackageValidator.describe(result.getMessages())).isEmpty();
    }

    @Test
    void thereIsAnExampleForEveryProfile() throws IOException {
        Path pkg = PackageLayout.packageFolder(Path.of("").toAbsolutePath());
        List<String> profiles = PackageIndex.resourceFiles(pkg).stream()
                .map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("StructureDefinition-"))
                .map(n -> n.substring("StructureDefinition-".length(), n.length() - ".json".length()))
                .filter(id -> !isExtension(pkg, id))
                .toList();
        String allExamples = String.join("\n", examples().stream().map(ExamplesValidateTest::readUnchecked).toList());
        assertThat(profiles).isNotEmpty().allSatisfy(id -> assertThat(allExamples)
                .as("an example claiming profile " + id)
                .contains("\"https://ims-fhir-adapter.github.io/ig/StructureDefinition/" + id + "\""));
    }

    private static boolean isExtension(Path pkg, String id) {
        return readUnchecked(pkg.resolve("StructureDefinition-" + id + ".json")).contains("\"type\": \"Extension\"");
    }

    private static String readUnchecked(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
