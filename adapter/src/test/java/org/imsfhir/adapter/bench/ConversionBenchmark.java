package org.imsfhir.adapter.bench;

import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.imsfhir.adapter.ConversionOptions;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.read.ImsRecordReader;
import org.imsfhir.adapter.read.RecordResult;
import org.imsfhir.adapter.samples.SampleRecords;

/**
 * Conversion benchmark (a main that prints figures, not a timed test): reading + checking +
 * mapping + serialising IMS records to EHR transaction Bundles, without profile validation, on 1 and
 * 2 threads; and in the same run HAPI's own JSON parse + serialise of the produced Bundles as the
 * ceiling. Also the time from JVM start to the first converted record (run it in a fresh JVM:
 * {@code mvn -B -q -pl adapter -am -Pbench -DskipTests verify}, see docs/benchmarks.md).
 *
 * <p>Input: the valid JSON samples of test-fixtures, replicated with distinct session ids.
 * Arguments (optional): measuring seconds per run (default 10), warm-up seconds (default 5).
 */
public final class ConversionBenchmark {

    private static final int CORPUS_SIZE = 20_000;
    /** Bundles kept for the HAPI ceiling run; a Bundle is ~25 KB of JSON, so not the whole corpus. */
    private static final int CEILING_BUNDLES = 1_000;

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainEntered = System.currentTimeMillis();
        int measureSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmupSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;

        // Cold path first, before anything else warms the JVM: one record from text to Bundle JSON.
        String first = SampleRecords.text(SampleRecords.validJsonResources().get(0));
        ImsRecordReader reader = ImsRecordReader.standard();
        ImsToFhirConverter converter = new ImsToFhirConverter();
        ConversionOptions options = ConversionOptions.defaults();
        String firstBundle = convertOne(reader, converter, options, first);
        long firstDone = System.currentTimeMillis();

        System.out.printf("ims-fhir-adapter conversion benchmark, %s%n", Instant.now());
        System.out.printf("machine: %d cores, %s %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("cold start: JVM start -> main %d ms; JVM start -> first record converted %d ms"
                + " (process CPU %d ms; bundle %d chars)%n", mainEntered - jvmStart, firstDone - jvmStart,
                processCpuMillis(), firstBundle.length());

        List<String> corpus = corpus();
        List<String> bundles = new ArrayList<>(CEILING_BUNDLES);
        for (String record : corpus.subList(0, CEILING_BUNDLES)) {
            bundles.add(convertOne(reader, converter, options, record));
        }
        System.out.printf("corpus: %d records from %d samples; mean bundle %d chars%n", corpus.size(),
                SampleRecords.validJsonResources().size(),
                bundles.stream().mapToInt(String::length).sum() / bundles.size());

        Function<String, String> pipeline = record -> convertOne(reader, converter, options, record);
        Function<String, String> hapiCeiling = bundle -> {
            IParser parser = ImsToFhirConverter.fhirContext().newJsonParser();
            return parser.encodeResourceToString(parser.parseResource(Bundle.class, bundle));
        };
        for (int threads = 1; threads <= 2; threads++) {
            run("read+check+map+serialise", pipeline, corpus, threads, warmupSeconds, measureSeconds);
            run("HAPI parse+serialise (ceiling)", hapiCeiling, bundles, threads, warmupSeconds, measureSeconds);
        }
    }

    private static long processCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    private static String convertOne(ImsRecordReader reader, ImsToFhirConverter converter,
            ConversionOptions options, String json) {
        RecordResult result = reader.readRecord(json);
        if (!result.ok()) {
            throw new IllegalStateException("benchmark record does not check clean: " + result);
        }
        return ImsToFhirConverter.toJson(converter.convert(result.session(), options).bundle());
    }

    /** The valid JSON samples, each replicated with distinct session ids (still valid records). */
    private static List<String> corpus() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> samples = SampleRecords.validJsonResources().stream().map(SampleRecords::text).toList();
        List<String> corpus = new ArrayList<>(CORPUS_SIZE);
        for (int i = 0; i < CORPUS_SIZE; i++) {
            ObjectNode record = (ObjectNode) json.readTree(samples.get(i % samples.size()));
            record.put("sessionId", record.path("sessionId").asText() + "-B" + i);
            corpus.add(json.writeValueAsString(record));
        }
        return corpus;
    }

    private static void run(String name, Function<String, String> work, List<String> inputs, int threads,
            int warmupSeconds, int measureSeconds) throws InterruptedException {
        measure(work, inputs, threads, warmupSeconds, false);
        System.gc();
        HeapSampler heap = new HeapSampler();
        heap.start();
        Result r = measure(work, inputs, threads, measureSeconds, true);
        heap.stopSampling();
        System.out.printf("%-32s threads=%d  %,9.0f records/s  p50 %.3f ms  p99 %.3f ms  CPU %.0f us/record"
                + "  heap peak %d MiB  (load avg %.1f)%n", name, threads, r.perSecond(), r.percentileMs(50),
                r.percentileMs(99), r.cpuMicrosPerRecord(), heap.peak >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static Result measure(Function<String, String> work, List<String> inputs, int threads, int seconds,
            boolean keepLatencies) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        // CPU time of the workers: records per CPU-second does not depend on what else runs on the machine.
        AtomicLong cpuNanos = new AtomicLong();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        CountDownLatch finished = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            final int id = t;
            latencies[id] = new long[keepLatencies ? 2_000_000 : 0];
            Thread worker = new Thread(() -> {
                long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                int i = id;
                int n = 0;
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    work.apply(inputs.get(i % inputs.size()));
                    if (keepLatencies && n < latencies[id].length) {
                        latencies[id][n] = System.nanoTime() - t0;
                    }
                    n++;
                    i += threads;
                }
                counts[id] = n;
                cpuNanos.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0);
                done.addAndGet(n);
                finished.countDown();
            }, "bench-" + t);
            worker.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        finished.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = new long[0];
        if (keepLatencies) {
            int total = 0;
            for (int t = 0; t < threads; t++) {
                total += Math.min(counts[t], latencies[t].length);
            }
            all = new long[total];
            int pos = 0;
            for (int t = 0; t < threads; t++) {
                int n = Math.min(counts[t], latencies[t].length);
                System.arraycopy(latencies[t], 0, all, pos, n);
                pos += n;
            }
            Arrays.sort(all);
        }
        return new Result(done.get() / elapsed, all, cpuNanos.get() / 1e3 / Math.max(1, done.get()));
    }

    private record Result(double perSecond, long[] sortedNanos, double cpuMicrosPerRecord) {
        double percentileMs(int p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, index)] / 1e6;
        }
    }

    /** Samples used heap every 20 ms; the peak is what the run needed, garbage included. */
    private static final class HeapSampler extends Thread {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private volatile boolean running = true;
        volatile long peak;

        HeapSampler() {
            super("heap-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopSampling() {
            running = false;
        }
    }
}
