package org.imsfhir.adapter.validation;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Builds a {@link ProfileValidator}; defaults: the classpath package and the standard silencing. */
public final class ProfileValidatorBuilder {
    final FhirContext ctx;
    ImsPackage imsPackage;
    final List<IBaseResource> extraResources = new ArrayList<>();
    SilencedIssues silencedIssues = SilencedIssues.standard();
    boolean hapiValidatorPerCall;
    boolean compiled = true;
    ReferenceSampler sampler = ReferenceSampler.NONE;

    ProfileValidatorBuilder(FhirContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    public ProfileValidatorBuilder imsPackage(ImsPackage p) {
        this.imsPackage = p;
        return this;
    }

    /** Conformance resources to load besides the package (tests, placeholders). */
    public ProfileValidatorBuilder addConformanceResources(Collection<? extends IBaseResource> resources) {
        extraResources.addAll(resources);
        return this;
    }

    public ProfileValidatorBuilder silencedIssues(SilencedIssues s) {
        this.silencedIssues = Objects.requireNonNull(s);
        return this;
    }

    /**
     * For comparisons only (benchmark, equivalence tests): validate through HAPI's
     * {@code FhirInstanceValidator} as such, which builds a new HL7 validator for every call,
     * instead of the pooled, reused ones. Same messages, slower.
     */
    public ProfileValidatorBuilder hapiValidatorPerCall(boolean perCall) {
        this.hapiValidatorPerCall = perCall;
        return this;
    }

    /**
     * Whether the compiled validator judges first (default) or the HL7 validator answers every
     * call (the reference; slower).
     */
    public ProfileValidatorBuilder compiled(boolean compiled) {
        this.compiled = compiled;
        return this;
    }

    /** Told of each resource the compiled validator alone found valid (background comparison). */
    public ProfileValidatorBuilder referenceSampler(ReferenceSampler sampler) {
        this.sampler = Objects.requireNonNull(sampler);
        return this;
    }

    public ProfileValidator build() {
        long start = System.nanoTime();
        if (imsPackage == null) {
            imsPackage = ImsPackage.fromClasspath(ctx);
        }
        return new ProfileValidator(this, start);
    }
}
