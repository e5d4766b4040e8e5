package org.imsfhir.profiles.build;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Generates the snapshots of the package's StructureDefinitions from their differentials with
 * HAPI's snapshot generator (R4 core from hapi-fhir-validation-resources-r4). Extensions and
 * bases come before the profiles that use them, so every profile sees finished snapshots.
 * Used both to build the package and, by {@code PackageUpToDateTest}, to prove it is current.
 */
public final class SnapshotBuilder {

    private final FhirContext ctx;

    public SnapshotBuilder(FhirContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Returns copies of {@code definitions} with freshly generated snapshots, sorted by URL.
     * {@code terminology}: the package's CodeSystems and ValueSets (the generator expands some bindings).
     */
    public List<StructureDefinition> build(List<StructureDefinition> definitions, List<? extends IBaseResource> terminology) {
        Map<String, StructureDefinition> byUrl = new LinkedHashMap<>();
        definitions.stream()
                .sorted(Comparator.comparing(StructureDefinition::getUrl))
                .forEach(sd -> {
                    StructureDefinition copy = sd.copy();
                    copy.setSnapshot(null);
                    byUrl.put(copy.getUrl(), copy);
                });
        PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(ctx);
        byUrl.values().forEach(ours::addStructureDefinition);
        terminology.forEach(ours::addResource);
        SnapshotGeneratingValidationSupport generator = new SnapshotGeneratingValidationSupport(ctx);
        ValidationSupportChain chain = new ValidationSupportChain(ValidationSupportChain.CacheConfiguration.disabled(),
                new DefaultProfileValidationSupport(ctx), ours, new CommonCodeSystemsTerminologyService(ctx),
                new InMemoryTerminologyServerValidationSupport(ctx), generator);

        List<StructureDefinition> done = new ArrayList<>();
        for (StructureDefinition sd : inDependencyOrder(byUrl)) {
            StructureDefinition generated = (StructureDefinition) generator.generateSnapshot(
                    new ValidationSupportContext(chain), sd, sd.getUrl(), null, sd.getName());
            if (generated == null || !generated.hasSnapshot()) {
                throw new IllegalStateException("No snapshot generated for " + sd.getUrl());
            }
            ours.addStructureDefinition(generated);
            done.add(generated);
        }
        done.sort(Comparator.comparing(StructureDefinition::getUrl));
        return done;
    }

    /** Extensions first, then each profile after its base when the base is one of ours. */
    private static List<StructureDefinition> inDependencyOrder(Map<String, StructureDefinition> byUrl) {
        List<StructureDefinition> ordered = new ArrayList<>();
        byUrl.values().stream().filter(sd -> "Extension".equals(sd.getType())).forEach(sd -> add(sd, byUrl, ordered));
        byUrl.values().forEach(sd -> add(sd, byUrl, ordered));
        return ordered;
    }

    private static void add(StructureDefinition sd, Map<String, StructureDefinition> byUrl, List<StructureDefinition> ordered) {
        if (ordered.contains(sd)) {
            return;
        }
        StructureDefinition base = byUrl.get(sd.getBaseDefinition());
        if (base != null) {
            add(base, byUrl, ordered);
        }
        ordered.add(sd);
    }
}
