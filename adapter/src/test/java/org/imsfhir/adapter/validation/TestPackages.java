package org.imsfhir.adapter.validation;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * Placeholder package for the validator's own tests until the IMS package (profiles module) ships
 * its profiles: a tiny Procedure profile and value set (test resources) plus the IMS CodeSystems.
 */
final class TestPackages {
    private TestPackages() {
    }

    static ImsPackage placeholder(FhirContext ctx) {
        try {
            Path dir = Paths.get(TestPackages.class.getResource(
                    "/validation/placeholder-package/package/package.json").toURI()).getParent().getParent();
            return ImsPackage.from(ctx, NpmPackage.fromFolder(dir.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The IMS CodeSystems of the profiles module (classpath {@code /package/CodeSystem-*.json}). */
    static List<IBaseResource> imsCodeSystems(FhirContext ctx) {
        List<IBaseResource> out = new ArrayList<>();
        for (String id : List.of("ims-procedure", "ims-muscle", "ims-spinal-segment", "ims-site-type",
                "ims-measurement-timing", "ims-outcome", "ims-joint", "ims-movement", "ims-adverse-event-type",
                "ims-adverse-event-severity", "ims-sign", "ims-qualification")) {
            try (var in = TestPackages.class.getResourceAsStream("/package/CodeSystem-" + id + ".json")) {
                out.add(ctx.newJsonParser().parseResource(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static ProfileValidatorBuilder placeholderValidator(FhirContext ctx) {
        return ProfileValidator.builder(ctx).imsPackage(placeholder(ctx)).addConformanceResources(imsCodeSystems(ctx));
    }

    static String read(String classpath) {
        try (var in = TestPackages.class.getResourceAsStream(classpath)) {
            if (in == null) {
                throw new IllegalArgumentException("not on classpath: " + classpath);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
