package org.imsfhir.adapter.validation;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * An FHIR package cache folder the HL7 validator engine can run from without the internet: the
 * {@code hl7.fhir.r4.core#4.0.1} package built from the R4 definitions HAPI ships in its jars
 * (hapi-fhir-validation-resources-r4, hapi-fhir-structures-r4), and an empty placeholder for
 * {@code hl7.fhir.xver-extensions}, which the engine asks for while loading. The engine reads
 * packages from {@code <user.home>/.fhir/packages}; {@link #packagesFolder(Path)} is that folder for
 * a given home.
 */
final class OfflinePackageCache {
    private OfflinePackageCache() {
    }

    /** R4 definition bundles inside the HAPI jars (all on the test classpath). */
    private static final List<String> CORE_BUNDLES = List.of(
            "/org/hl7/fhir/r4/model/profile/profiles-types.xml",
            "/org/hl7/fhir/r4/model/profile/profiles-resources.xml",
            "/org/hl7/fhir/r4/model/profile/profiles-others.xml",
            "/org/hl7/fhir/r4/model/extension/extension-definitions.xml",
            "/org/hl7/fhir/r4/model/valueset/valuesets.xml",
            "/org/hl7/fhir/r4/model/valueset/v3-codesystems.xml",
            "/org/hl7/fhir/r4/model/valueset/v2-tables.xml");

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
        int n = writeCore(core);
        writePlaceholder(packages.resolve("hl7.fhir.xver-extensions#0.1.0").resolve("package"),
                "hl7.fhir.xver-extensions", "0.1.0");
        Files.writeString(done, "built from HAPI's R4 definitions\n");
        return n;
    }

    private static int writeCore(Path dir) throws IOException {
        Files.createDirectories(dir);
        FhirContext ctx = FhirContext.forR4Cached();
        var parser = ctx.newJsonParser();
        ObjectMapper json = new ObjectMapper();
        ArrayNode files = json.createArrayNode();
        int count = 0;
        for (String bundleName : CORE_BUNDLES) {
            Bundle bundle;
            try (InputStream in = OfflinePackageCache.class.getResourceAsStream(bundleName)) {
                if (in == null) {
                    continue; // not every HAPI version ships every bundle
                }
                bundle = ctx.newXmlParser().parseResource(Bundle.class, in);
            }
            for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
                Resource r = e.getResource();
                if (r == null || !r.hasIdElement() || r.getIdElement().getIdPart() == null) {
                    continue;
                }
                String type = r.fhirType();
                String id = r.getIdElement().getIdPart();
                String file = type + "-" + id + ".json";
                if (Files.exists(dir.resolve(file))) {
                    continue; // a few resources appear in two bundles
                }
                Files.writeString(dir.resolve(file), parser.encodeResourceToString(r), StandardCharsets.UTF_8);
                ObjectNode entry = files.addObject().put("filename", file).put("resourceType", type).put("id", id);
                if (r instanceof MetadataResource m) {
                    entry.put("url", m.getUrl());
                    if (m.hasVersion()) {
                        entry.put("version", m.getVersion());
                    }
                }
                if (r instanceof StructureDefinition sd) {
                    entry.put("kind", sd.getKind().toCode()).put("type", sd.getType());
                    if (sd.hasDerivation()) {
                        entry.put("derivation", sd.getDerivation().toCode());
                    }
                }
                count++;
            }
        }
        ObjectNode index = json.createObjectNode().put("index-version", 2);
        index.set("files", files);
        json.writeValue(dir.resolve(".index.json").toFile(), index);
        ObjectNode pkg = json.createObjectNode().put("name", "hl7.fhir.r4.core").put("version", "4.0.1")
                .put("type", "Core").put("canonical", "http://hl7.org/fhir").put("url", "http://hl7.org/fhir/R4");
        pkg.putArray("fhirVersions").add("4.0.1");
        pkg.putObject("dependencies");
        json.writeValue(dir.resolve("package.json").toFile(), pkg);
        return count;
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
