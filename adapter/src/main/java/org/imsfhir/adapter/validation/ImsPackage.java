package org.imsfhir.adapter.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * The IMS FHIR package (NPM layout, built by the profiles module) read from its {@code package.tgz}:
 * the conformance resources of its {@code package/} folder and the examples of its
 * {@code package/example/} folder, parsed as R4. Immutable once read.
 *
 * <p>Reading needs no network: the tarball is on the classpath ({@value #CLASSPATH_TGZ}, in the
 * ims-profiles jar) or given as a stream.
 */
public final class ImsPackage {

    /** Where the profiles module puts the package tarball on the classpath. */
    public static final String CLASSPATH_TGZ = "/ims-package.tgz";

    private static final Set<String> CONFORMANCE_TYPES = Set.of(
            "StructureDefinition", "CodeSystem", "ValueSet", "ConceptMap", "NamingSystem", "SearchParameter",
            "ImplementationGuide", "CapabilityStatement", "OperationDefinition");

    private final String name;
    private final String version;
    private final List<IBaseResource> conformanceResources;
    private final FhirContext ctx;
    /**
     * The examples' files, parsed on first use: only the validator's warm-up and tests need them, and
     * parsing them (0.4 s, most of it HAPI learning resource types) would lengthen the validator's
     * build at start-up.
     */
    private final Map<String, byte[]> exampleFiles;
    private Map<String, IBaseResource> examples; // guarded by this

    private ImsPackage(String name, String version, List<IBaseResource> conformanceResources,
            FhirContext ctx, Map<String, byte[]> exampleFiles) {
        this.name = name;
        this.version = version;
        this.conformanceResources = List.copyOf(conformanceResources);
        this.ctx = ctx;
        this.exampleFiles = exampleFiles;
    }

    /** The package shipped on the classpath ({@value #CLASSPATH_TGZ}). */
    public static ImsPackage fromClasspath(FhirContext ctx) {
        try (InputStream in = ImsPackage.class.getResourceAsStream(CLASSPATH_TGZ)) {
            if (in == null) {
                throw new IllegalStateException("IMS package " + CLASSPATH_TGZ
                        + " is not on the classpath (it is built by the ims-profiles module)");
            }
            return fromTgz(ctx, in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + CLASSPATH_TGZ, e);
        }
    }

    /** A package tarball (entries under {@code package/}). The stream is read fully, not closed. */
    public static ImsPackage fromTgz(FhirContext ctx, InputStream tgz) throws IOException {
        return from(ctx, NpmPackage.fromPackage(tgz));
    }

    /** Reads the resources of an already opened NPM package. */
    public static ImsPackage from(FhirContext ctx, NpmPackage npm) throws IOException {
        List<IBaseResource> conformance = new ArrayList<>();
        NpmPackage.NpmPackageFolder main = npm.getFolders().get("package");
        if (main != null) {
            for (String file : sorted(main.listFiles())) {
                IBaseResource r = parseIfResource(ctx, file, main.fetchFile(file));
                if (r != null && CONFORMANCE_TYPES.contains(ctx.getResourceType(r))) {
                    conformance.add(r);
                }
            }
        }
        Map<String, byte[]> exampleFiles = new LinkedHashMap<>();
        // NpmPackage names the folder "package/example" (from a folder) or "example" (some tarballs).
        NpmPackage.NpmPackageFolder example = npm.getFolders().get("package/example");
        if (example == null) {
            example = npm.getFolders().get("example");
        }
        if (example != null) {
            for (String file : sorted(example.listFiles())) {
                exampleFiles.put(file, example.fetchFile(file));
            }
        }
        return new ImsPackage(npm.name(), npm.version(), conformance, ctx, Collections.unmodifiableMap(exampleFiles));
    }

    private static List<String> sorted(List<String> files) {
        return files.stream().sorted().toList();
    }

    /** Parses a JSON file of the package; package.json, .index.json and non-JSON files give null. */
    private static IBaseResource parseIfResource(FhirContext ctx, String file, byte[] content) {
        if (!file.endsWith(".json") || file.equals("package.json") || file.startsWith(".")) {
            return null;
        }
        String json = new String(content, StandardCharsets.UTF_8);
        if (!json.contains("\"resourceType\"")) {
            return null;
        }
        try {
            return ctx.newJsonParser().parseResource(json);
        } catch (DataFormatException e) {
            throw new IllegalStateException("IMS package file " + file + " is not a valid R4 resource: "
                    + e.getMessage(), e);
        }
    }

    /**
     * A copy whose StructureDefinitions carry their differential only, so a validator must generate
     * every snapshot itself (the benchmark measures what shipping snapshots saves).
     */
    public ImsPackage withoutSnapshots() {
        List<IBaseResource> stripped = new ArrayList<>();
        for (IBaseResource r : conformanceResources) {
            if (r instanceof StructureDefinition sd) {
                StructureDefinition copy = sd.copy();
                copy.setSnapshot(null);
                stripped.add(copy);
            } else {
                stripped.add(r);
            }
        }
        return new ImsPackage(name, version, stripped, ctx, exampleFiles);
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    /** StructureDefinitions, CodeSystems, ValueSets, ... of the package folder, in file-name order. */
    public List<IBaseResource> conformanceResources() {
        return conformanceResources;
    }

    /** The examples of {@code package/example/}, by file name, in file-name order (parsed on the first call). */
    public synchronized Map<String, IBaseResource> examples() {
        if (examples == null) {
            Map<String, IBaseResource> parsed = new LinkedHashMap<>();
            exampleFiles.forEach((file, content) -> {
                IBaseResource r = parseIfResource(ctx, file, content);
                if (r != null) {
                    parsed.put(file, r);
                }
            });
            examples = Collections.unmodifiableMap(parsed);
        }
        return examples;
    }

    /** Canonical URLs of the package's resource profiles (constraints on a resource type, not extensions). */
    public Map<String, String> resourceProfiles() {
        Map<String, String> byUrl = new TreeMap<>();
        for (IBaseResource r : conformanceResources) {
            if (r instanceof StructureDefinition sd
                    && sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE
                    && sd.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT) {
                byUrl.put(sd.getUrl(), sd.getType());
            }
        }
        return byUrl;
    }
}
