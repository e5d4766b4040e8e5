package org.imsfhir.profiles.build;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Builds the committed package folder {@code src/main/resources/package/} from SUSHI's output
 * ({@code fsh-generated/resources/}): StructureDefinitions get HAPI-generated snapshots, ValueSets
 * are copied, instances go to {@code example/}, and both {@code .index.json} files and
 * {@code fsh-sources.sha256} are rewritten. The hand-written CodeSystems and package.json are
 * left as they are. Run by {@code regenerate.sh}; argument: the profiles module folder.
 */
public final class PackageAssembler {

    private PackageAssembler() {
    }

    public static void main(String[] args) throws IOException {
        Path profiles = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path generated = profiles.resolve("fsh-generated").resolve("resources");
        Path pkg = PackageLayout.packageFolder(profiles);
        Path examples = pkg.resolve("example");
        FhirContext ctx = FhirContext.forR4Cached();

        deleteGenerated(pkg, examples);
        Files.createDirectories(examples);
        List<StructureDefinition> definitions = new ArrayList<>();
        int valueSets = 0;
        int instances = 0;
        try (Stream<Path> files = Files.list(generated)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                IBaseResource resource = ctx.newJsonParser().parseResource(Files.readString(file, StandardCharsets.UTF_8));
                String type = resource.fhirType();
                if (type.equals("ImplementationGuide")) {
                    continue;
                }
                if (resource instanceof StructureDefinition sd) {
                    definitions.add(sd);
                } else if (type.equals("ValueSet")) {
                    write(ctx, pkg, resource);
                    valueSets++;
                } else {
                    write(ctx, examples, resource);
                    instances++;
                }
            }
        }
        for (StructureDefinition sd : new SnapshotBuilder(ctx).build(definitions, terminology(ctx, pkg))) {
            write(ctx, pkg, sd);
        }
        PackageIndex.write(pkg);
        PackageIndex.write(examples);
        Files.writeString(profiles.resolve(FshDigest.FILE), FshDigest.of(profiles) + "\n", StandardCharsets.US_ASCII);
        System.out.printf("Package: %d StructureDefinitions, %d ValueSets, %d examples in %s%n",
                definitions.size(), valueSets, instances, pkg);
    }

    /** The package's CodeSystems and ValueSets, which the snapshot generator may need to expand bindings. */
    public static List<IBaseResource> terminology(FhirContext ctx, Path pkg) throws IOException {
        List<IBaseResource> resources = new ArrayList<>();
        for (Path file : PackageIndex.resourceFiles(pkg)) {
            String name = file.getFileName().toString();
            if (name.startsWith("CodeSystem-") || name.startsWith("ValueSet-")) {
                resources.add(ctx.newJsonParser().parseResource(Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        return resources;
    }

    /** The canonical file content of a package resource: HAPI's pretty JSON and a final newline. */
    public static String encode(FhirContext ctx, IBaseResource resource) {
        return ctx.newJsonParser().setPrettyPrint(true).encodeResourceToString(resource) + "\n";
    }

    private static void write(FhirContext ctx, Path folder, IBaseResource resource) throws IOException {
        String name = resource.fhirType() + "-" + resource.getIdElement().getIdPart() + ".json";
        Files.writeString(folder.resolve(name), encode(ctx, resource), StandardCharsets.UTF_8);
    }

    /** Removes what a previous run generated, so that a resource deleted from the FSH disappears. */
    private static void deleteGenerated(Path pkg, Path examples) throws IOException {
        for (Path file : PackageIndex.resourceFiles(pkg)) {
            String name = file.getFileName().toString();
            if (name.startsWith("StructureDefinition-") || name.startsWith("ValueSet-")) {
                Files.delete(file);
            }
        }
        if (Files.isDirectory(examples)) {
            for (Path file : PackageIndex.resourceFiles(examples)) {
                Files.delete(file);
            }
        }
    }
}
