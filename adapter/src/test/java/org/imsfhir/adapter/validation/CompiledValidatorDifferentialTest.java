package org.imsfhir.adapter.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.imsfhir.adapter.validation.compiled.BundleMutator;
import org.imsfhir.adapter.validation.compiled.CompiledVerdict;
import org.imsfhir.adapter.validation.compiled.Mutation;
import org.imsfhir.adapter.validation.compiled.SampleBundles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compiled validator against the HL7 validator (the reference), input by input: every package
 * example, every sample Bundle, every must-fail file and at least 10,000 Bundles mutated from the
 * samples by {@link BundleMutator} (seed {@value #DEFAULT_SEED}; rerun larger with
 * {@code -Dims.diff.seed=... -Dims.diff.share=1 -Dims.diff.combinations=...}, see docs/validation.md).
 *
 * <p>Where the compiled validator judges, its verdict (valid or not) must be the HL7 validator's:
 * a single difference fails the test and prints both reports. Where it does not (something it does
 * not cover; the model cannot hold the text), the HL7 validator answers in production, so that input
 * is counted, not compared. Errors: for every input the compiled validator finds invalid, the report
 * senders get is the HL7 validator's own (ProfileValidator hands it over), so the error sets are the
 * same by construction; {@link #rejectedBundlesGetTheHl7ValidatorsReport} checks that composition.
 * Warnings may differ (the compiled path reports none); the test prints how many of which kinds.
 */
class CompiledValidatorDifferentialTest {

    static final long DEFAULT_SEED = 20261204L;
    private static final long SEED = Long.getLong("ims.diff.seed", DEFAULT_SEED);
    /** Random combinations of 2-3 mutations per sample Bundle. */
    private static final int COMBINATIONS = Integer.getInteger("ims.diff.combinations", 10);
    /**
     * Share of the single mutations tested, drawn with the seed (the generator makes about 28,000 over
     * the samples; 0.37 keeps about 10,300 of them, enough for CI time; 1 tests them all).
     */
    private static final double SHARE = Double.parseDouble(System.getProperty("ims.diff.share", "0.37"));
    private static final LenientErrorHandler LENIENT = new LenientErrorHandler(false).setErrorOnInvalidValue(false);

    record Input(String name, String kind, String json) {
    }

    private static final List<Input> INPUTS = new ArrayList<>();

    @BeforeAll
    static void inputs() throws IOException {
        ProfileValidator v = SharedValidator.get();
        FhirContext ctx = v.fhirContext();
        v.imsPackage().examples().forEach((name, r) ->
                INPUTS.add(new Input("example " + name, "EXAMPLE", ctx.newJsonParser().encodeResourceToString(r))));
        List<String> samples = SampleBundles.sampleBundleJson();
        for (int i = 0; i < samples.size(); i++) {
            INPUTS.add(new Input("sample bundle " + i, "SAMPLE", samples.get(i)));
        }
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/validation/must-fail"))) {
            for (Path p : files.sorted().toList()) {
                INPUTS.add(new Input("must-fail " + p.getFileName(), "MUST_FAIL", Files.readString(p)));
            }
        }
        BundleMutator mutator = new BundleMutator(v.imsPackage(), ctx);
        for (int i = 0; i < samples.size(); i++) {
            java.util.SplittableRandom pick = new java.util.SplittableRandom(SEED + i);
            for (Mutation m : mutator.mutations(samples.get(i), SEED + i, COMBINATIONS)) {
                if (m.kind().equals(Mutation.Kind.RANDOM.name()) || pick.nextDouble() < SHARE) {
                    INPUTS.add(new Input("sample bundle " + i + ": " + m.description(), m.kind(), m.json()));
                }
            }
        }
    }

    @Test
    void sameVerdictAsTheHl7ValidatorWhereverTheCompiledValidatorJudges() throws Exception {
        ProfileValidator v = SharedValidator.get();
        long mutations = INPUTS.stream().filter(i -> !List.of("EXAMPLE", "SAMPLE", "MUST_FAIL").contains(i.kind())).count();
        assertThat(mutations).as("mutated Bundles").isGreaterThanOrEqualTo(10_000);

        Map<String, LongAdder> tally = new ConcurrentHashMap<>();
        Map<String, LongAdder> warnings = new ConcurrentHashMap<>();
        List<String> disagreements = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (Input in : INPUTS) {
                runs.add(pool.submit(() -> compare(v, in, tally, warnings, disagreements)));
            }
            for (Future<?> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "Differential test, seed %d, %d combinations per sample: %d inputs (%d mutated)%n",
                SEED, COMBINATIONS, INPUTS.size(), mutations);
        new TreeMap<>(tally).forEach((k, n) -> System.out.printf(Locale.ROOT, "  %-60s %6d%n", k, n.sum()));
        System.out.println("Warnings of the HL7 validator on inputs the compiled validator passed (it reports none):");
        new TreeMap<>(warnings).forEach((k, n) -> System.out.printf(Locale.ROOT, "  %-60s %6d%n", k, n.sum()));
        disagreements.stream().limit(20).forEach(System.out::println);

        assertThat(disagreements).as("inputs where the verdicts differ").isEmpty();
        assertThat(count(tally, "SAMPLE judged valid")).as("every sample Bundle passed by the compiled validator alone")
                .isEqualTo(INPUTS.stream().filter(i -> i.kind().equals("SAMPLE")).count());
        long judgedInvalid = tally.entrySet().stream().filter(e -> e.getKey().endsWith("judged invalid"))
                .mapToLong(e -> e.getValue().sum()).sum();
        assertThat(judgedInvalid).as("mutations the compiled validator itself found invalid").isGreaterThan(mutations / 2);
    }

    private static long count(Map<String, LongAdder> tally, String key) {
        LongAdder n = tally.get(key);
        return n == null ? 0 : n.sum();
    }

    private static void compare(ProfileValidator v, Input in, Map<String, LongAdder> tally, Map<String, LongAdder> warnings,
                                List<String> disagreements) {
        FhirContext ctx = v.fhirContext();
        IBaseResource model;
        try {
            model = ctx.newJsonParser().setParserErrorHandler(LENIENT).setOverrideResourceIdWithBundleEntryFullUrl(false)
                    .parseResource(in.json());
        } catch (RuntimeException e) {
            model = null;
        }
        if (model == null || !EncodedForm.sameContent(ctx, model, in.json())) {
            tally.computeIfAbsent(in.kind() + " to HL7: the model cannot hold the text", k -> new LongAdder()).increment();
            return;
        }
        CompiledVerdict compiled = v.compiledVerdict(model);
        if (!compiled.judged()) {
            tally.computeIfAbsent(in.kind() + " to HL7: " + compiled.unsupported().replaceAll(":.*", ""), k -> new LongAdder())
                    .increment();
            return;
        }
        ValidationReport hl7 = v.hl7Report(model, in.json());
        // The emitted-profile check (IMS_*) is ProfileValidator's own, applied after either validator.
        List<ValidationIssue> hl7Errors = hl7.errors().stream().filter(e -> !e.messageId().startsWith("IMS_")).toList();
        boolean hl7Valid = hl7Errors.isEmpty();
        tally.computeIfAbsent(in.kind() + (compiled.valid() ? " judged valid" : " judged invalid"), k -> new LongAdder())
                .increment();
        if (compiled.valid() != hl7Valid) {
            disagreements.add("DIFFERENT VERDICT on " + in.name() + "\n  compiled: " + compiled.errors()
                    + "\n  HL7:      " + hl7Errors.stream().map(ValidationIssue::toLogString).toList());
        } else if (compiled.valid()) {
            hl7.warnings().forEach(w -> warnings.computeIfAbsent(w.messageId().replaceAll(".*#", "invariant "),
                    k -> new LongAdder()).increment());
        }
    }

    /**
     * What a sender gets for a rejected Bundle is the HL7 validator's report itself: the same errors
     * (location, message id, invariant) as with the compiled validator switched off.
     */
    @Test
    void rejectedBundlesGetTheHl7ValidatorsReport() {
        ProfileValidator compiledFirst = SharedValidator.get();
        ProfileValidator hl7Only = SharedValidator.hl7Only();
        List<Input> rejected = INPUTS.stream().filter(i -> i.kind().equals("MUST_FAIL")
                || i.kind().equals("RANDOM") && i.name().hashCode() % 40 == 0).toList();
        assertThat(rejected).hasSizeGreaterThan(50);
        for (Input in : rejected) {
            ValidationReport a = compiledFirst.validateJson(in.json());
            ValidationReport b = hl7Only.validateJson(in.json());
            assertThat(keys(a)).as(in.name()).isEqualTo(keys(b));
        }
        assertThat(compiledFirst.paths().hl7ForErrorsCount()).as("rejections the compiled validator found, worded by HL7")
                .isPositive();
    }

    private static List<String> keys(ValidationReport r) {
        return r.errors().stream().map(e -> e.location() + " " + e.messageId() + " " + e.invariant()).sorted().toList();
    }
}
