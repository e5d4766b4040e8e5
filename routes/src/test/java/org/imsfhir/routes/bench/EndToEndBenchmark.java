package org.imsfhir.routes.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.imsfhir.adapter.ConversionOptions;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.read.ImsRecordReader;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.imsfhir.fixtures.AuthClient;
import org.imsfhir.fixtures.AuthServer;
import org.imsfhir.fixtures.FhirTestServer;
import org.imsfhir.routes.ImsAdapterApplication;
import org.imsfhir.routes.health.ValidatorWarmUp;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.StatusQueries;
import org.imsfhir.routes.support.Batches;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.TestRecords;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * End-to-end benchmark (a main that prints figures, not a test): N records posted to the running
 * service (REST, NDJSON batches of 50 from 2 client threads) until every one is delivered, measured
 * three ways on the same records:
 * <ol>
 *   <li>the standalone validator: the records' Bundles validated by one warmed ProfileValidator on
 *       2 threads (the reference rate of the goal);</li>
 *   <li>the whole service delivering to a no-op sink (our own cost: intake, store, checks, mapping,
 *       validation, outbox);</li>
 *   <li>the whole service delivering to the local HAPI JPA FHIR server (its own process on the same
 *       cores).</li>
 * </ol>
 * With a second argument {@code security} it measures the cost of security instead (see
 * {@link #securityCost}): {@code -Dbench.mode=security}; with {@code validator}, the service to the
 * no-op sink with the compiled validator against the HL7 validator alone ({@link #validatorChoice}).
 * Latency is per record, from its intake commit ({@code ims_message.received_at}) to its delivery
 * ({@code ims_delivery.delivered_at}). Run: {@code mvn -B -q -pl routes -am -Pe2e-bench -DskipTests verify
 * [-Dbench.records=1000]} (the FHIR server module must have been packaged, see docs/benchmarks.md).
 */
public final class EndToEndBenchmark {

    private static final int BATCH = 50;
    private static final int CLIENTS = 2;

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        System.out.printf(Locale.ROOT, "EndToEndBenchmark: %d records, %d CPUs, load average %.2f, max heap %d MiB%n", n,
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().maxMemory() >> 20);
        if (args.length > 1 && "security".equals(args[1])) {
            securityCost(n);
            System.exit(0);
        }
        if (args.length > 1 && "validator".equals(args[1])) {
            validatorChoice(n);
            System.exit(0);
        }

        double validatorRate = standaloneValidator(new TestRecords("https://bench.example/validator").sessions(0, n, n / 4));
        System.out.printf(Locale.ROOT, "standalone validator, 2 threads: %.1f bundles/s%n", validatorRate);

        Result noop = run("noop", n, List.of("--ims.delivery.destinations.ehr.kind=noop"));
        System.out.println(noop);
        System.out.printf(Locale.ROOT, "no-op pipeline / standalone validator: %.0f %% (goal >= 80 %%)%n", 100 * noop.rate / validatorRate);

        try (FhirTestServer fhir = FhirTestServer.builder().timeout(Duration.ofMinutes(10)).start()) {
            System.out.printf(Locale.ROOT, "FHIR test server started in %d ms%n", fhir.startUpTime().toMillis());
            Result toFhir = run("fhir", n, List.of("--ims.delivery.destinations.ehr.kind=fhir",
                    "--ims.delivery.destinations.ehr.base-url=" + fhir.baseUrl()));
            System.out.println(toFhir);
            long procedures = fhir.count("Procedure", "identifier=https://bench.example/fhir/session|");
            System.out.printf(Locale.ROOT, "FHIR server holds %d Procedures of the run (expected %d)%n", procedures, n);
        }
        System.exit(0);
    }

    /**
     * The cost of security on the intake path: the same no-op run with security off (reference) and
     * with bearer tokens from a real authorization server (JWKS signature check, audience, issuer,
     * scopes, clinic check, one access-audit row per request), in that order, then the ratio.
     */
    private static void securityCost(int n) throws Exception {
        List<String> noop = List.of("--ims.delivery.destinations.ehr.kind=noop");
        // A first run warms the JIT; then open and secured runs alternate, so that load from elsewhere
        // on the machine falls on both alike. CPU per record (this JVM) is the steadier figure.
        run("warm-up", n, noop, null, SecurityOff.class);
        List<Result> open = new ArrayList<>();
        List<Result> secured = new ArrayList<>();
        try (AuthServer auth = AuthServer.start(AuthClient.withSecret("bench", "bench-secret").scopes("submit", "read"))) {
            List<String> tokens = new ArrayList<>(noop);
            tokens.addAll(List.of("--ims.security.oauth2.issuer-uri=" + auth.issuer(),
                    "--ims.security.oauth2.jwk-set-uri=" + auth.jwksUri(),
                    "--ims.security.clients.bench.clinics=https://bench.example/tokens-1,https://bench.example/tokens-2"));
            for (int round = 1; round <= 2; round++) {
                open.add(run("open-" + round, n, noop, null, SecurityOff.class));
                System.out.println(open.get(open.size() - 1));
                secured.add(run("tokens-" + round, n, tokens, auth.token("bench", "bench-secret"), null));
                System.out.println(secured.get(secured.size() - 1));
            }
        }
        double openRate = open.stream().mapToDouble(Result::rate).max().orElseThrow();
        double securedRate = secured.stream().mapToDouble(Result::rate).max().orElseThrow();
        double openCpu = open.stream().mapToDouble(Result::cpuMsPerRecord).min().orElseThrow();
        double securedCpu = secured.stream().mapToDouble(Result::cpuMsPerRecord).min().orElseThrow();
        System.out.printf(Locale.ROOT, "best rate: open %.1f records/s, secured %.1f records/s = %.1f %% (goal >= 95 %%)%n",
                openRate, securedRate, 100 * securedRate / openRate);
        System.out.printf(Locale.ROOT, "least CPU per record: open %.1f ms, secured %.1f ms = +%.1f %%%n",
                openCpu, securedCpu, 100 * (securedCpu - openCpu) / openCpu);
    }

    /**
     * The service to the no-op destination with each validator: the compiled one (default) and the HL7
     * one alone ({@code ims.validation.validator=hl7}), alternating after a warm-up run, then the ratio.
     */
    private static void validatorChoice(int n) throws Exception {
        List<String> compiled = List.of("--ims.delivery.destinations.ehr.kind=noop");
        List<String> hl7 = List.of("--ims.delivery.destinations.ehr.kind=noop", "--ims.validation.validator=hl7");
        run("warm-up", n, compiled);
        List<Result> withCompiled = new ArrayList<>();
        List<Result> withHl7 = new ArrayList<>();
        for (int round = 1; round <= 2; round++) {
            withHl7.add(run("hl7-" + round, n, hl7));
            System.out.println(withHl7.get(withHl7.size() - 1));
            withCompiled.add(run("compiled-" + round, n, compiled));
            System.out.println(withCompiled.get(withCompiled.size() - 1));
        }
        double hl7Rate = withHl7.stream().mapToDouble(Result::rate).max().orElseThrow();
        double compiledRate = withCompiled.stream().mapToDouble(Result::rate).max().orElseThrow();
        System.out.printf(Locale.ROOT, "best rate to the no-op destination: HL7 validator %.1f records/s, compiled validator "
                + "%.1f records/s (goal >= 300) = %.1fx%n", hl7Rate, compiledRate, compiledRate / hl7Rate);
    }

    /** The records' Bundles validated on 2 threads by one warmed validator; returns bundles/s. */
    private static double standaloneValidator(List<ObjectNode> records) throws Exception {
        ImsRecordReader reader = ImsRecordReader.standard();
        ImsToFhirConverter converter = new ImsToFhirConverter();
        List<Bundle> bundles = new ArrayList<>();
        for (ObjectNode record : records) {
            bundles.add(converter.convert(reader.readRecord(TestRecords.json(record)).session(), ConversionOptions.defaults()).bundle());
        }
        ProfileValidator validator = ProfileValidator.standard();
        validator.warmUp();
        // The service runs below get a JVM warmed by this run; give the validator the same chance.
        bundles.stream().limit(100).forEach(validator::validate);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < bundles.size(); i = next.getAndIncrement()) {
                    if (!validator.validate(bundles.get(i)).isValid()) {
                        throw new IllegalStateException("bundle " + i + " is not valid");
                    }
                }
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return bundles.size() / seconds;
    }

    private record Result(String name, int records, double seconds, double rate, double p50, double p99, long heapUsedMiB,
                          long heapPeakMiB, double cpuMsPerRecord) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "service -> %s: %d records delivered in %.1f s = %.1f records/s; "
                            + "intake to delivered p50 %.0f ms, p99 %.0f ms; heap after GC %d MiB, peak %d MiB; "
                            + "CPU %.1f ms per record",
                    name, records, seconds, rate, p50, p99, heapUsedMiB, heapPeakMiB, cpuMsPerRecord);
        }
    }

    /** CPU time of this whole JVM (service and posting clients alike) in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Result run(String name, int n, List<String> destination) throws Exception {
        return run(name, n, destination, null, null);
    }

    /**
     * One run. With {@code token} the records are posted with that bearer token, else as the local
     * operator; {@code extraSource} adds a configuration (e.g. {@link SecurityOff}).
     */
    private static Result run(String name, int n, List<String> destination, String token, Class<?> extraSource)
            throws Exception {
        java.nio.file.Path credential = java.nio.file.Files.createTempDirectory("bench-" + name).resolve("operator-credential");
        String system = "https://bench.example/" + name;
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:bench-" + name + ";DB_CLOSE_DELAY=-1",
                "--ims.intake.inbox.enabled=false",
                "--ims.registry.feeds.national-ims.enabled=false",
                "--ims.delivery.poll-interval=50ms",
                "--logging.level.root=WARN",
                "--ims.security.local-operator.credential-file=" + credential));
        arguments.addAll(destination);
        resetPeaks();
        SpringApplicationBuilder builder = extraSource == null ? new SpringApplicationBuilder(ImsAdapterApplication.class)
                : new SpringApplicationBuilder(ImsAdapterApplication.class, extraSource);
        try (ConfigurableApplicationContext app = builder.run(arguments.toArray(String[]::new))) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            Http http = token != null ? Http.bearer(base, token) : Http.operator(base, credential);
            StatusQueries store = app.getBean(StatusQueries.class);
            // Warming runs after start-up in the background; measure the warm service, not the warm-up
            ValidatorWarmUp warmUp = app.getBean(ValidatorWarmUp.class);
            while (!warmUp.finished()) {
                Thread.sleep(20);
            }
            List<ObjectNode> records = new TestRecords(system).sessions(0, n, Math.max(1, n / 4));

            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            if (Batches.post(http, records, BATCH, CLIENTS) != n) {
                throw new IllegalStateException("the service refused records of the " + name + " run");
            }
            while (store.countDeliveries(DeliveryStatus.DELIVERED, system) < n) {
                if (store.countDeliveries(DeliveryStatus.DEAD, system) > 0) {
                    throw new IllegalStateException("a delivery went DEAD in the " + name + " run");
                }
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMsPerRecord = (processCpuNanos() - cpuStart) / 1e6 / n;

            double[] latencies = JdbcClient.create(app.getBean(javax.sql.DataSource.class))
                    .sql("select datediff('MILLISECOND', m.received_at, d.delivered_at) from ims_delivery d"
                            + " join ims_message m on m.id = d.message_id where d.session_key like ?")
                    .param(system + "|%").query(Double.class).list().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            return new Result(name, n, seconds, n / seconds, percentile(latencies, 50), percentile(latencies, 99), used, heapPeak(),
                    cpuMsPerRecord);
        }
    }

    private static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long heapPeak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
    }
}
