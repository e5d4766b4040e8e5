package org.imsfhir.adapter.bench;

import ca.uhn.fhir.context.FhirContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.read.RecordResult;
import org.imsfhir.adapter.samples.SampleRecords;
import org.imsfhir.adapter.validation.ImsPackage;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.imsfhir.adapter.validation.ValidationReport;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * Throughput and latency of the offline profile validation step (a main that prints figures, not a
 * timed test). Input: the EHR transaction Bundles of every valid sample record (test-fixtures),
 * validated round-robin by one shared, warmed {@link ProfileValidator}.
 *
 * <p>Prints: validator start-up (package read + chain) and warm-up time; bundles/s on 1 and 2
 * threads with median and p99 ms per bundle (wall clock) and CPU ms per bundle (the figure that does
 * not depend on what else the machine runs); heap used; where the time goes: whole bundle vs the
 * same resources validated one by one, cost per resource type, the fixed cost of one validate call,
 * and the support-chain cache switched off.
 *
 * <p>Run (from the repository root):
 * <pre>
 * mvn -B -q -pl adapter -am -Pvalidation-bench -DskipTests verify [-Dbench.seconds=20]
 * </pre>
 * bench.seconds is the measuring time per phase (default 20).
 */
public final class ValidationBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ValidationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 && args[0].matches("\\d+") ? Integer.parseInt(args[0]) : 20;
        System.out.printf(Locale.ROOT, "ValidationBenchmark: %d s per phase, %d CPUs, load average %.2f%n", seconds,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        long t0 = System.nanoTime();
        FhirContext ctx = FhirContext.forR4Cached();
        ImsPackage pkg = ImsPackage.fromClasspath(ctx);
        ProfileValidator validator = ProfileValidator.builder(ctx).imsPackage(pkg).build();
        Duration startUp = Duration.ofNanos(System.nanoTime() - t0);
        Duration warm = validator.warmUp();
        System.out.printf(Locale.ROOT, "start-up (package read + support chain): %d ms; warm-up (%d examples): %d ms; "
                + "JVM start to warm validator: %d ms%n", startUp.toMillis(), pkg.examples().size(), warm.toMillis(),
                ManagementFactory.getRuntimeMXBean().getUptime());

        List<Bundle> bundles = sampleBundles();
        int resources = bundles.stream().mapToInt(b -> b.getEntry().size()).sum();
        System.out.printf(Locale.ROOT, "input: %d bundles from the valid samples, %.1f entries per bundle%n",
                bundles.size(), resources / (double) bundles.size());
        for (Bundle b : bundles) { // every input must be valid, or we would time error paths
            ValidationReport r = validator.validate(b);
            if (!r.isValid()) {
                throw new IllegalStateException("sample bundle not valid: " + r.toLogString());
            }
        }

        // The JIT needs tens of seconds of validation before the code is compiled: without this, the
        // first measured phase costs up to twice the CPU of the later ones.
        // JFR (2026-11-25): C2 still compiles for about 25 s, taking up to 40 % of a core, so 30 s.
        int jitSeconds = Math.max(seconds, 30);
        Result jit = run(validator, bundles, 1, jitSeconds);
        System.out.printf(Locale.ROOT, "JIT warm-up, whole bundles, 1 thread, %d s (not counted): CPU %.1f ms per bundle%n",
                jitSeconds, jit.cpuMsPerBundle());

        Result one = run(validator, bundles, 1, seconds);
        Result two = run(validator, bundles, 2, seconds);
        System.out.println("whole bundles, shared validator:");
        System.out.println("  1 thread : " + one);
        System.out.println("  2 threads: " + two);
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "heap used after GC (validator + context + inputs): %d MiB%n", heap >> 20);

        System.out.println("where the time goes (1 thread, CPU ms):");
        perResource(validator, bundles, seconds);
        fixedCost(validator, pkg, seconds);

        // Same moment, same machine: the same profiles through HAPI's FhirInstanceValidator as such
        // (a new HL7 validator per call, what ProfileValidator did before it pooled them).
        ProfileValidator perCall = ProfileValidator.builder(ctx).imsPackage(pkg).hapiValidatorPerCall(true).build();
        perCall.warmUp();
        Result perCallResult = run(perCall, bundles, 1, seconds);
        System.out.println("  same profiles, HAPI FhirInstanceValidator (new HL7 validator per call), 1 thread: "
                + perCallResult);
        Result perCallTwo = run(perCall, bundles, 2, seconds);
        System.out.println("  same profiles, HAPI FhirInstanceValidator (new HL7 validator per call), 2 threads: "
                + perCallTwo);

        // Same moment, same machine: HAPI's standard validator with R4 core only (no IMS package), on
        // the same bundles with meta.profile removed; shows what our profiles add to the base cost.
        List<Bundle> plain = new ArrayList<>();
        for (Bundle b : bundles) {
            Bundle copy = b.copy();
            copy.getEntry().forEach(e -> e.getResource().getMeta().getProfile().clear());
            plain.add(copy);
        }
        FhirValidator core = coreOnly(ctx);
        core.validateWithResult(plain.get(0));
        Result coreResult = run(b -> core.validateWithResult(b), plain, 1, seconds);
        System.out.println("  HAPI standard validator, R4 core only, same bundles without meta.profile, 1 thread: "
                + coreResult);
        Result coreTwo = run(b -> core.validateWithResult(b), plain, 2, seconds);
        System.out.println("  HAPI standard validator, R4 core only, same bundles without meta.profile, 2 threads: "
                + coreTwo);

        long s0 = System.nanoTime();
        ProfileValidator generating = ProfileValidator.builder(ctx).imsPackage(pkg.withoutSnapshots()).build();
        long built = System.nanoTime();
        generating.warmUp();
        long warmed = System.nanoTime();
        for (Bundle b : bundles) {
            if (!generating.validate(b).isValid()) {
                throw new IllegalStateException("differential-only package rejects a sample bundle");
            }
        }
        System.out.printf(Locale.ROOT, "  profiles shipped without snapshots (generated and cached by the chain): "
                + "build %d ms, warm-up %d ms (vs %d ms with shipped snapshots, same JVM, core already loaded)%n",
                (built - s0) / 1_000_000, (warmed - built) / 1_000_000, secondWarm(ctx, pkg).toMillis());
    }

    /** Warm-up of a second validator over the shipped package in this (already warm) JVM. */
    private static Duration secondWarm(FhirContext ctx, ImsPackage pkg) {
        return ProfileValidator.builder(ctx).imsPackage(pkg).build().warmUp();
    }

    private static FhirValidator coreOnly(FhirContext ctx) {
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx),
                new InMemoryTerminologyServerValidationSupport(ctx), new CommonCodeSystemsTerminologyService(ctx));
        return ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    private static List<Bundle> sampleBundles() {
        ImsToFhirConverter converter = new ImsToFhirConverter();
        List<Bundle> out = new ArrayList<>();
        for (String resource : SampleRecords.validResources()) {
            for (RecordResult r : SampleRecords.read(resource)) {
                out.add(converter.convert(r.session()).bundle());
            }
        }
        return out;
    }

    record Result(int threads, int bundles, double seconds, double medianMs, double p99Ms, double cpuMsPerBundle) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%.1f bundles/s (%d in %.1f s); per bundle median %.1f ms, p99 %.1f ms; CPU %.1f ms per bundle",
                    bundles / seconds, bundles, seconds, medianMs, p99Ms, cpuMsPerBundle);
        }
    }

    private static Result run(ProfileValidator v, List<Bundle> bundles, int threads, int seconds)
            throws InterruptedException {
        return run(v::validate, bundles, threads, seconds);
    }

    private static Result run(java.util.function.Consumer<Bundle> v, List<Bundle> bundles, int threads, int seconds)
            throws InterruptedException {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        long[] cpu = new long[threads];
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                long c0 = THREADS.getCurrentThreadCpuTime();
                while (System.nanoTime() < end) {
                    Bundle b = bundles.get(Math.floorMod(next.getAndIncrement(), bundles.size()));
                    long s = System.nanoTime();
                    v.accept(b);
                    latencies.add((System.nanoTime() - s) / 1e6);
                }
                cpu[id] = THREADS.getCurrentThreadCpuTime() - c0;
                done.countDown();
            }, "bench-" + t);
            th.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        long cpuTotal = 0;
        for (long c : cpu) {
            cpuTotal += c;
        }
        return new Result(threads, sorted.size(), elapsed, percentile(sorted, 50), percentile(sorted, 99),
                cpuTotal / 1e6 / Math.max(1, sorted.size()));
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /** The same bundles' resources validated one by one: total per bundle, and per resource type. */
    private static void perResource(ProfileValidator v, List<Bundle> bundles, int seconds) {
        Map<String, double[]> byType = new TreeMap<>(); // type -> {cpu ns, count}
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int bundleCount = 0;
        long cpuAll = 0;
        while (System.nanoTime() < end) {
            Bundle b = bundles.get(bundleCount % bundles.size());
            for (Bundle.BundleEntryComponent e : b.getEntry()) {
                Resource r = e.getResource();
                long c = THREADS.getCurrentThreadCpuTime();
                v.validate(r);
                long used = THREADS.getCurrentThreadCpuTime() - c;
                cpuAll += used;
                double[] acc = byType.computeIfAbsent(r.fhirType(), k -> new double[2]);
                acc[0] += used;
                acc[1]++;
            }
            bundleCount++;
        }
        System.out.printf(Locale.ROOT, "  resources one by one instead of the whole bundle: CPU %.1f ms per bundle "
                + "(%d bundles)%n", cpuAll / 1e6 / bundleCount, bundleCount);
        byType.forEach((type, acc) -> System.out.printf(Locale.ROOT, "    %-17s CPU %6.1f ms per resource (%d)%n",
                type, acc[0] / 1e6 / acc[1], (long) acc[1]));
    }

    /** What one validate call costs whatever the content: the smallest valid IMS resource. */
    private static void fixedCost(ProfileValidator v, ImsPackage pkg, int seconds) {
        var org = pkg.examples().get("Organization-ims-example-clinic.json");
        if (org == null) {
            return;
        }
        long end = System.nanoTime() + Math.max(2, seconds / 4) * 1_000_000_000L;
        long c0 = THREADS.getCurrentThreadCpuTime();
        int n = 0;
        while (System.nanoTime() < end) {
            v.validate(org);
            n++;
        }
        System.out.printf(Locale.ROOT, "  one validate call on the smallest resource (Organization example): "
                + "CPU %.1f ms%n", (THREADS.getCurrentThreadCpuTime() - c0) / 1e6 / n);
    }
}
