package org.imsfhir.adapter.validation.compiled;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * The IMS profiles compiled into rules once, then checked by walking the resource: the fast path
 * of profile validation. It decides valid or not; it does not word errors. Anything it does not
 * cover (a slicing it cannot tell apart, a value set it cannot expand offline, a reference outside
 * the Bundle, ...) makes the verdict "unsupported", never a guess: the caller then asks the HL7
 * validator, which stays the reference (see {@code ProfileValidator}).
 *
 * <p>What it checks, per element of each entry's profile (or R4 type): cardinality, slices and
 * their cardinality (extension url, pattern and type discriminators), types, primitive formats
 * (the R4 regexes), fixed and pattern values, required bindings against value sets expanded
 * ahead of time, codes of code systems known in full, UCUM units, extensions (defined, in a
 * context that allows them, ext-1), every error-severity invariant (FHIRPath parsed once,
 * evaluated with HAPI's R4 engine) and, in a Bundle, that {@code urn:uuid} references name an
 * entry of an allowed type. {@code CompiledValidatorDifferentialTest} holds it to the HL7
 * validator's verdicts.
 *
 * <p>Thread-safe: the rules are read-only once compiled; each thread has its own FHIRPath engine.
 */
public final class CompiledValidator {

    private final ProfileCompiler profiles;
    private final ElementWalker walker;

    /**
     * @param support the validation support chain the HL7 validator uses (IMS package, R4 core, terminology)
     */
    public CompiledValidator(FhirContext ctx, IValidationSupport support) {
        Objects.requireNonNull(ctx, "ctx");
        HapiWorkerContext worker = new HapiWorkerContext(ctx, support);
        ThreadLocal<FHIRPathEngine> engines = ThreadLocal.withInitial(() -> new FHIRPathEngine(worker));
        this.profiles = new ProfileCompiler(support, engines::get);
        this.walker = new ElementWalker(profiles, new CodeSets(support), engines::get);
    }

    /** Compiles the given profiles now (instead of on first use). */
    public void compile(Iterable<? extends IBaseResource> conformanceResources) {
        for (IBaseResource r : conformanceResources) {
            if (r instanceof StructureDefinition sd && sd.hasSnapshot()) {
                profiles.rules(sd.getUrl());
            }
        }
    }

    public CompiledVerdict validate(IBaseResource resource) {
        if (!(resource instanceof Resource r)) {
            return new CompiledVerdict(java.util.List.of(), "not an R4 resource");
        }
        WalkState state = new WalkState();
        if (r instanceof Bundle bundle) {
            for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
                if (e.hasFullUrl() && e.hasResource()) {
                    Resource entry = e.getResource();
                    // HAPI's encoder gives an entry's resource its fullUrl as id (and writes no id then).
                    boolean idFromFullUrl = entry.hasId() && e.getFullUrl().equals(entry.getIdElement().getValue());
                    if (idFromFullUrl) {
                        state.idsFromFullUrl.add(entry);
                    }
                    boolean idMatches = !entry.hasId() || idFromFullUrl
                            || e.getFullUrl().equals("urn:uuid:" + entry.getIdElement().getIdPart());
                    if (!e.getFullUrl().startsWith("urn:uuid:") || !idMatches) {
                        return new CompiledVerdict(java.util.List.of(), "entry identity other than urn:uuid (and its id): " + entry.fhirType() + " id=" + entry.getIdElement().getValue());
                    }
                    if (e.getResource() instanceof Bundle) {
                        return new CompiledVerdict(java.util.List.of(), "Bundle inside a Bundle");
                    }
                    state.entries.put(e.getFullUrl(), e.getResource());
                }
            }
        }
        walker.resource(state, r, r.fhirType());
        return state.verdict();
    }
}
