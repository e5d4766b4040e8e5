package org.imsfhir.adapter.validation.compiled;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * The R4 datatype definitions (Coding, Reference, Quantity, ...), for the children of elements a profile
 * snapshot leaves unconstrained. Read from the types file alone (1.4 MB) rather than through the
 * context's validation support, which parses every core definition, resources too, on its first lookup:
 * a fraction of a second instead of seconds.
 */
final class CoreTypes {

    private static final String TYPES = "/org/hl7/fhir/r4/model/profile/profiles-types.xml";

    private CoreTypes() {
    }

    /** A fresh map (type name to definition) each call: HAPI objects are not safe to share for reading. */
    static Map<String, StructureDefinition> load(FhirContext ctx) {
        Map<String, StructureDefinition> types = new HashMap<>();
        try (InputStream in = CoreTypes.class.getResourceAsStream(TYPES)) {
            if (in == null) {
                throw new IllegalStateException(TYPES + " is not on the classpath (hapi-fhir-validation-resources-r4)");
            }
            for (Bundle.BundleEntryComponent e : ctx.newXmlParser().parseResource(Bundle.class, in).getEntry()) {
                if (e.getResource() instanceof StructureDefinition sd && sd.hasSnapshot()
                        && sd.getDerivation() == StructureDefinition.TypeDerivationRule.SPECIALIZATION) {
                    types.put(sd.getType(), sd);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return types;
    }
}
