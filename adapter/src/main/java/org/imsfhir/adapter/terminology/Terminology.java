package org.imsfhir.adapter.terminology;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptPropertyComponent;
import org.imsfhir.adapter.fhir.ImsCanonical;

/**
 * The project's code lists, read from the versioned CodeSystem resources of the IMS FHIR package
 * (profiles module, {@code package/CodeSystem-*.json}). Codes live there, never in Java literals,
 * so a terminology review changes one file. Immutable and thread-safe once loaded.
 */
public final class Terminology {

    /** One concept of a local code system with the properties the adapter uses. */
    public record Concept(String system, String code, String display, Map<String, String> properties) {
        /** The verified SNOMED CT code mapped to this concept, if the code list has one. */
        public Optional<String> snomed() {
            return Optional.ofNullable(properties.get("snomed"));
        }

        public Optional<String> property(String name) {
            return Optional.ofNullable(properties.get(name));
        }
    }

    private static final String[] LOCAL_SYSTEMS = {
        "ims-procedure", "ims-muscle", "ims-spinal-segment", "ims-site-type", "ims-measurement-timing",
        "ims-outcome", "ims-joint", "ims-movement", "ims-adverse-event-type", "ims-adverse-event-severity",
        "ims-sign", "ims-qualification"
    };

    private static volatile Terminology standard;

    private final Map<String, Map<String, Concept>> bySystem;
    private final Map<String, String> versions;

    private Terminology(Map<String, Map<String, Concept>> bySystem, Map<String, String> versions) {
        this.bySystem = bySystem;
        this.versions = versions;
    }

    /** The code lists shipped in the IMS package on the classpath; loaded once per process. */
    public static Terminology standard() {
        Terminology t = standard;
        if (t == null) {
            synchronized (Terminology.class) {
                t = standard;
                if (t == null) {
                    t = load(FhirContext.forR4Cached());
                    standard = t;
                }
            }
        }
        return t;
    }

    public static Terminology load(FhirContext ctx) {
        Map<String, Map<String, Concept>> systems = new LinkedHashMap<>();
        Map<String, String> versions = new LinkedHashMap<>();
        for (String id : LOCAL_SYSTEMS) {
            String resource = "/package/CodeSystem-" + id + ".json";
            try (InputStream in = Terminology.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("code list missing from the IMS package: " + resource);
                }
                CodeSystem cs = ctx.newJsonParser().parseResource(CodeSystem.class, in);
                Map<String, Concept> concepts = new LinkedHashMap<>();
                for (ConceptDefinitionComponent c : cs.getConcept()) {
                    Map<String, String> props = new LinkedHashMap<>();
                    for (ConceptPropertyComponent p : c.getProperty()) {
                        props.put(p.getCode(), p.getValue().primitiveValue());
                    }
                    concepts.put(c.getCode(),
                            new Concept(cs.getUrl(), c.getCode(), c.getDisplay(), Collections.unmodifiableMap(props)));
                }
                systems.put(cs.getUrl(), Collections.unmodifiableMap(concepts));
                versions.put(cs.getUrl(), cs.getVersion());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Terminology(Collections.unmodifiableMap(systems), Collections.unmodifiableMap(versions));
    }

    public Optional<Concept> lookup(String systemUrl, String code) {
        Map<String, Concept> concepts = bySystem.get(systemUrl);
        return concepts == null || code == null ? Optional.empty() : Optional.ofNullable(concepts.get(code));
    }

    /** The concept, or an IllegalArgumentException for a code the record checker should have refused. */
    public Concept require(String systemUrl, String code) {
        return lookup(systemUrl, code)
                .orElseThrow(() -> new IllegalArgumentException("code '" + code + "' is not in " + systemUrl));
    }

    public boolean contains(String systemUrl, String code) {
        return lookup(systemUrl, code).isPresent();
    }

    public java.util.Collection<Concept> concepts(String systemUrl) {
        Map<String, Concept> concepts = bySystem.get(systemUrl);
        return concepts == null ? java.util.List.of() : concepts.values();
    }

    public String version(String systemUrl) {
        return versions.get(systemUrl);
    }

    public Optional<Concept> muscle(String code) {
        return lookup(ImsCanonical.CS_MUSCLE, code);
    }

    public boolean isSpinalSegment(String code) {
        return contains(ImsCanonical.CS_SPINAL_SEGMENT, code);
    }
}
