package org.imsfhir.profiles.build;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Writes the R4 core definitions that ship inside {@code hapi-fhir-validation-resources-r4} as an
 * NPM package folder {@code hl7.fhir.r4.core#4.0.1/package}, so that SUSHI can compile the FSH
 * offline (it cannot download the core package here). Only used by {@code profiles/regenerate.sh};
 * the build and CI never need it.
 *
 * <p>Argument: the package cache folder (default {@code ~/.fhir/packages}).
 */
public final class CorePackageExporter {

    private CorePackageExporter() {
    }

    /** The R4 definition bundles inside hapi-fhir-validation-resources-r4. */
    private static final List<String> CORE_BUNDLES = List.of(
            "/org/hl7/fhir/r4/model/profile/profiles-types.xml",
            "/org/hl7/fhir/r4/model/profile/profiles-resources.xml",
            "/org/hl7/fhir/r4/model/profile/profiles-others.xml",
            "/org/hl7/fhir/r4/model/extension/extension-definitions.xml",
            "/org/hl7/fhir/r4/model/valueset/valuesets.xml",
            "/org/hl7/fhir/r4/model/valueset/v3-codesystems.xml",
            "/org/hl7/fhir/r4/model/valueset/v2-tables.xml");

    private static List<Resource> coreResources(FhirContext ctx) throws IOException {
        List<Resource> all = new ArrayList<>();
        for (String name : CORE_BUNDLES) {
            try (InputStream in = CorePackageExporter.class.getResourceAsStream(name)) {
                Bundle bundle = ctx.newXmlParser().parseResource(Bundle.class, in);
                bundle.getEntry().forEach(e -> all.add(e.getResource()));
            }
        }
        return all;
    }

    public static void main(String[] args) throws IOException {
        Path cache = args.length > 0 ? Path.of(args[0])
                : Path.of(System.getProperty("user.home"), ".fhir", "packages");
        Path dir = cache.resolve("hl7.fhir.r4.core#4.0.1").resolve("package");
        Files.createDirectories(dir);
        FhirContext ctx = FhirContext.forR4Cached();
        IParser parser = ctx.newJsonParser();
        ObjectMapper json = new ObjectMapper();
        ArrayNode files = json.createArrayNode();
        int count = 0;
        for (IBaseResource resource : coreResources(ctx)) {
            if (!(resource instanceof MetadataResource metadata) || metadata.getIdElement().getIdPart() == null) {
                continue;
            }
            String type = resource.fhirType();
            String id = metadata.getIdElement().getIdPart();
            String name = type + "-" + id + ".json";
            Files.writeString(dir.resolve(name), parser.encodeResourceToString(resource), StandardCharsets.UTF_8);
            ObjectNode entry = files.addObject();
            entry.put("filename", name).put("resourceType", type).put("id", id).put("url", metadata.getUrl());
            if (metadata.hasVersion()) {
                entry.put("version", metadata.getVersion());
            }
            if (resource instanceof StructureDefinition sd) {
                entry.put("kind", sd.getKind().toCode()).put("type", sd.getType());
                if (sd.hasDerivation()) {
                    entry.put("derivation", sd.getDerivation().toCode());
                }
            }
            count++;
        }
        ObjectNode index = json.createObjectNode();
        index.put("index-version", 1);
        index.set("files", files);
        json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(".index.json").toFile(), index);
        ObjectNode pkg = json.createObjectNode();
        pkg.put("name", "hl7.fhir.r4.core").put("version", "4.0.1").put("type", "Core")
                .put("canonical", "http://hl7.org/fhir").put("url", "http://hl7.org/fhir/R4");
        pkg.putArray("fhirVersions").add("4.0.1");
        pkg.putObject("dependencies");
        json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("package.json").toFile(), pkg);
        System.out.println("Wrote " + count + " R4 core resources to " + dir);
    }
}
