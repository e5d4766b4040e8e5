package org.imsfhir.adapter.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imsfhir.profiles.build.CorePackageExporter;

/**
 * An FHIR package cache folder the HL7 validator engine can run from without the internet: the
 * {@code hl7.fhir.r4.core#4.0.1} package written by the profiles module's {@link CorePackageExporter}
 * from the R4 definitions HAPI ships in its jars, and an empty placeholder for
 * {@code hl7.fhir.xver-extensions}, which the engine asks for while loading. The engine reads
 * packages from {@code <user.home>/.fhir/packages}; {@link #packagesFolder(Path)} is that folder for
 * a given home.
 */
final class OfflinePackageCache {
    private OfflinePackageCache() {
    }

    static Path packagesFolder(Path home) {
        return home.resolve(".fhir").resolve("packages");
    }

    /**
     * Writes the offline packages under {@code home} unless a complete copy is already there (the
     * marker file is written last, so an interrupted run is redone).
     *
     * @return the number of R4 core resources in the package
     */
    static int prepare(Path home) throws IOException {
        Path packages = packagesFolder(home);
        Path core = packages.resolve("hl7.fhir.r4.core#4.0.1").resolve("package");
        Path done = packages.resolve(".ims-offline-ready");
        if (Files.exists(done)) {
            try (var s = Files.list(core)) {
                return (int) s.count();
            }
        }
        int n = CorePackageExporter.write(core);
        writePlaceholder(packages.resolve("hl7.fhir.xver-extensions#0.1.0").resolve("package"),
                "hl7.fhir.xver-extensions", "0.1.0");
        Files.writeString(done, "built from HAPI's R4 definitions\n");
        return n;
    }

    private static void writePlaceholder(Path dir, String name, String version) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper();
        ObjectNode pkg = json.createObjectNode().put("name", name).put("version", version).put("type", "fhir.ig")
                .put("canonical", "http://hl7.org/fhir/extensions");
        pkg.putArray("fhirVersions").add("4.0.1");
        pkg.putObject("dependencies");
        json.writeValue(dir.resolve("package.json").toFile(), pkg);
        ObjectNode index = json.createObjectNode().put("index-version", 2);
        index.putArray("files");
        json.writeValue(dir.resolve(".index.json").toFile(), index);
    }
}
