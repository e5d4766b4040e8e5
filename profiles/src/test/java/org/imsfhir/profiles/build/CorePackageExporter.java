package org.imsfhir.profiles.build;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
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
 * Writes the R4 core definitions that ship inside HAPI's jars ({@code hapi-fhir-validation-resources-r4},
 * {@code hapi-fhir-structures-r4}) as the NPM package folder {@code hl7.fhir.r4.core#4.0.1/package},
 * for tools that cannot download it here: SUSHI in {@code profiles/regenerate.sh}, and the HL7
 * validator engine in the adapter's {@code Hl7ReferenceValidatorIT} (through this module's test jar).
 * The build itself never needs it.
 *
 * <p>Argument of {@link #main}: the package cache folder (default {@code ~/.fhir/packages}).
 */
public final class CorePackageExporter {

    private CorePackageExporter() {
    }

    /** The R4 definition bundles inside the HAPI jars. */
    private static final List<String> CORE_BUNDLES = List.of(
            "/org/hl7/fhir/r4/model/profile/profiles-types.xml",
            "/org/hl7/fhir/r4/model/profile/profiles-resources.xml",
            "/org/hl7/fhir/r4/model/profile/profiles-others.xml",
            "/org/hl7/fhir/r4/model/extension/extension-definitions.xml",
            "/org/hl7/fhir/r4/model/valueset/valuesets.xml",
            "/org/hl7/fhir/r4/model/valueset/v3-codesystems.xml",
            "/org/hl7/fhir/r4/model/valueset/v2-tables.xml");

    public static void main(String[] args) throws IOException {
        Path cache = args.length > 0 ? Path.of(args[0])
                : Path.of(System.getProperty("user.home"), ".fhir", "packages");
        Path dir = cache.resolve("hl7.fhir.r4.core#4.0.1").resolve("package");
        System.out.println("Wrote " + write(dir) + " R4 core resources to " + dir);
    }

    /**
     * Writes the package (one JSON file per definition, {@code .index.json}, {@code package.json})
     * into {@code dir}.
     *
     * @return the number of resources written
     */
    public static int write(Path dir) throws IOException {
        Files.createDirectories(dir);
        FhirContext ctx = FhirContext.forR4Cached();
        IParser parser = ctx.newJsonParser();
        ObjectMapper json = new ObjectMapper();
        ArrayNode files = json.createArrayNode();
        int count = 0;
        for (String bundleName : CORE_BUNDLES) {
            Bundle bundle;
            try (InputStream in = CorePackageExporter.class.getResourceAsStream(bundleName)) {
                if (in == null) {
                    continue; // not every HAPI version ships every bundle
                }
                bundle = ctx.newXmlParser().parseResource(Bundle.class, in);
            }
            for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
                Resource r = e.getResource();
                if (!(r instanceof MetadataResource metadata) || r.getIdElement().getIdPart() == null) {
                    continue;
                }
                String type = r.fhirType();
                String id = r.getIdElement().getIdPart();
                String file = type + "-" + id + ".json";
                if (Files.exists(dir.resolve(file))) {
                    continue; // a few resources appear in two bundles
                }
                Files.writeString(dir.resolve(file), parser.encodeResourceToString(r), StandardCharsets.UTF_8);
                ObjectNode entry = files.addObject().put("filename", file).put("resourceType", type).put("id", id)
                        .put("url", metadata.getUrl());
                if (metadata.hasVersion()) {
                    entry.put("version", metadata.getVersion());
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
}
