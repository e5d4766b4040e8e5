package org.imsfhir.adapter.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.validation.ImsPackage;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.imsfhir.adapter.validation.compiled.SampleBundles;

/**
 * The compiled IMS validator against the HL7 validator, on the same Bundles in the same run (a main
 * that prints figures, not a timed test). Three validators over the IMS profiles, each on the EHR
 * transaction Bundles of every valid sample, round-robin, 1 and 2 threads:
 * <ol>
 *   <li>compiled: {@code ProfileValidator} as the service builds it (the compiled validator answers
 *   valid Bundles; these all are);</li>
 *   <li>HL7 pooled: {@code ProfileValidator} with the compiled validator off (pooled HL7 validators,
 *   the reference);</li>
 *   <li>HAPI standard: HAPI's {@code FhirInstanceValidator} as documented (IMS package in a
 *   PrePopulatedValidationSupport, a new HL7 validator per call).</li>
 * </ol>
 * Each is warmed (JIT included) before it is measured. The last line reads exactly
 * {@code RATIO compiled/hl7 = X.XX} (compiled Bundles/s over HL7 pooled Bundles/s, 2 threads).
 *
 * <p>Run (from the repository root):
 * <pre>
 * mvn -B -q -pl adapter -am -Pcompiled-bench -DskipTests verify [-Dbench.seconds=15]
 * </pre>
 */
public final class CompiledValidationBenchmark {

    private CompiledValidationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 && args[0].matches("\\d+") ? Integer.parseInt(args[0]) : 15;
        System.out.printf(Locale.ROOT, "CompiledValidationBenchmark: %d s per phase, %d CPUs, load average %.2f, %s%n", seconds,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), java.time.LocalDate.now());
        FhirContext ctx = FhirContext.forR4Cached();
        ImsPackage pkg = ImsPackage.fromClasspath(ctx);
        FhirContext parserCtx = FhirContext.forR4Cached();
        List<Bundle> bundles = new ArrayList<>();
        for (String json : SampleBundles.sampleBundleJson()) {
            bundles.add((Bundle) parserCtx.newJsonParser().parseResource(json));
        }
        System.out.printf(Locale.ROOT, "input: %d Bundles (the valid samples), %.1f entries each%n", bundles.size(),
                bundles.stream().mapToInt(b -> b.getEntry().size()).average().orElse(0));

        ProfileValidator compiled = ProfileValidator.builder(ctx).imsPackage(pkg).build();
        ProfileValidator hl7 = ProfileValidator.builder(ctx).imsPackage(pkg).compiled(false).build();
        FhirValidator standard = hapiStandard(ctx, pkg);
        for (Bundle b : bundles) { // all valid, or we would time error paths
            require(compiled.validate(b).isValid() && hl7.validate(b).isValid(), "a sample Bundle is not valid");
        }
        require(compiled.paths().compiledValidCount() == bundles.size(), "the compiled validator did not answer every Bundle");

        List<String> rows = new ArrayList<>();
        double[] compiledRates = measure("compiled", b -> compiled.validateEncoded(b, ImsToFhirConverter.toJson(b, false)),
                bundles, seconds, rows);
        double[] hl7Rates = measure("HL7 pooled", b -> hl7.validateEncoded(b, ImsToFhirConverter.toJson(b, false)),
                bundles, seconds, rows);
        double[] standardRates = measure("HAPI standard", standard::validateWithResult, bundles, seconds, rows);
        System.out.println("Bundles/s (median ms per Bundle):");
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "compiled vs HL7 pooled: %.1fx on 1 thread, %.1fx on 2 threads; vs HAPI standard: %.1fx, %.1fx%n",
                compiledRates[0] / hl7Rates[0], compiledRates[1] / hl7Rates[1],
                compiledRates[0] / standardRates[0], compiledRates[1] / standardRates[1]);
        System.out.printf(Locale.ROOT, "RATIO compiled/hl7 = %.2f%n", compiledRates[1] / hl7Rates[1]);
    }

    /** Warms for {@code seconds}, then measures 1 and 2 threads; returns Bundles/s for each. */
    private static double[] measure(String name, java.util.function.Consumer<Bundle> validate, List<Bundle> bundles,
                                    int seconds, List<String> rows) throws InterruptedException {
        Throughput.run(validate, bundles, 2, seconds); // JIT warm-up, not counted
        double[] rates = new double[2];
        for (int threads = 1; threads <= 2; threads++) {
            Throughput.Result r = Throughput.run(validate, bundles, threads, seconds);
            rates[threads - 1] = r.perSecond();
            rows.add(String.format(Locale.ROOT, "  %-14s %d thread(s): %8.1f Bundles/s (%d in %.1f s, median %.2f ms)",
                    name, threads, r.perSecond(), r.count(), r.seconds(), r.medianMs()));
        }
        return rates;
    }

    private static FhirValidator hapiStandard(FhirContext ctx, ImsPackage pkg) {
        PrePopulatedValidationSupport ims = new PrePopulatedValidationSupport(ctx);
        pkg.conformanceResources().forEach(ims::addResource);
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx), ims,
                new InMemoryTerminologyServerValidationSupport(ctx), new CommonCodeSystemsTerminologyService(ctx));
        FhirInstanceValidator module = new FhirInstanceValidator(chain);
        module.setAnyExtensionsAllowed(false);
        module.setErrorForUnknownProfiles(true);
        return ctx.newValidator().registerValidatorModule(module);
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
