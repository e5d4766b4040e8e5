package org.imsfhir.routes.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.imsfhir.routes.it.AdapterProcess;
import org.imsfhir.routes.support.Batches;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.TestDatabases;
import org.imsfhir.routes.support.TestRecords;

/**
 * Several instances on one PostgreSQL database, delivering to the no-op destination: 1, 2 and 3
 * service JVMs in one run, each on a fresh schema, the same records posted round-robin to the nodes
 * by three clients. Prints records/s (first intake to last delivery, by the database's clocks), CPU
 * milliseconds per record of each node (measured from after start-up, so the same warm-up round
 * counts for none), and the check that every record was delivered exactly once with no delivery
 * attempted twice.
 *
 * <p>Run: {@code mvn -B -q -pl routes -am -Pcluster-bench -DskipTests verify [-Dbench.records=1000]}
 * (PostgreSQL on 127.0.0.1:5432 as for the tests). Not a test: on a 2-core machine no gain is
 * expected from more nodes; the point is no loss, no duplicates and the cost of coordination.
 */
public final class ClusterBenchmark {

    private static final int BATCH = 50;
    private static final int CLIENTS = 3;
    private static final int WARM_UP = 200;

    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        System.out.printf(Locale.ROOT, "ClusterBenchmark: %d records per run, %d CPUs, load average %.2f%n", n,
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<String> lines = new ArrayList<>();
        for (int nodes = 1; nodes <= 3; nodes++) {
            String line = run(nodes, n);
            System.out.println(line);
            lines.add(line);
        }
        System.out.println();
        System.out.println("| nodes | records/s | CPU ms per record, per node | delivered once / attempted twice |");
        System.out.println("|---|---|---|---|");
        lines.forEach(System.out::println);
        System.exit(0);
    }

    /** One run with {@code count} nodes: a markdown table row. */
    private static String run(int count, int n) throws Exception {
        String schema = "ims_cluster_bench_" + count + "_" + System.nanoTime() % 100000;
        Path work = Files.createTempDirectory("cluster-bench-" + count);
        List<AdapterProcess> nodes = new ArrayList<>();
        try {
            nodes.add(start(schema, work, 0)); // the first node creates the schema
            ExecutorService starting = Executors.newFixedThreadPool(Math.max(1, count - 1));
            List<Future<AdapterProcess>> others = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int node = i;
                others.add(starting.submit(() -> start(schema, work, node)));
            }
            for (Future<AdapterProcess> f : others) {
                nodes.add(f.get(10, TimeUnit.MINUTES));
            }
            starting.shutdown();

            String system = "https://cluster-bench.example/" + count;
            TestRecords records = new TestRecords(system);
            post(nodes, records.sessions(0, WARM_UP, WARM_UP / 4));
            awaitDelivered(schema, WARM_UP);

            List<Duration> cpuBefore = nodes.stream().map(AdapterProcess::cpuTime).toList();
            long firstId = single(schema, "select coalesce(max(id), 0) from ims_message");
            post(nodes, records.sessions(WARM_UP, WARM_UP + n, n / 4));
            awaitDelivered(schema, WARM_UP + n);
            List<String> cpu = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                cpu.add(String.format(Locale.ROOT, "%.1f", (nodes.get(i).cpuTime().minus(cpuBefore.get(i)).toNanos()) / 1e6 / n));
            }
            double seconds = single(schema, "select cast(extract(epoch from (max(d.delivered_at) - min(m.received_at))) * 1000 as bigint)"
                    + " from ims_delivery d join ims_message m on m.id = d.message_id where m.id > " + firstId) / 1000.0;
            long once = single(schema, "select count(distinct session_key) from ims_delivery where status = 'DELIVERED'"
                    + " and message_id > " + firstId);
            long twice = single(schema, "select count(*) from ims_delivery where attempts > 1 and message_id > " + firstId);
            return String.format(Locale.ROOT, "| %d | %.1f | %s | %d of %d / %d |", count, n / seconds, String.join(", ", cpu),
                    once, n, twice);
        } finally {
            for (AdapterProcess node : nodes) {
                node.close();
            }
            try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL, "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    private static AdapterProcess start(String schema, Path work, int node) throws Exception {
        Path dir = Files.createDirectories(work.resolve("node-" + node));
        return AdapterProcess.start(AdapterProcess.freePort(), dir.resolve("adapter.log"), List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + TestDatabases.POSTGRES_URL + "?currentSchema=" + schema,
                "--spring.flyway.schemas=" + schema,
                "--spring.flyway.create-schemas=true",
                "--ims.intake.inbox.enabled=false",
                "--ims.registry.feeds.national-ims.enabled=false",
                "--ims.delivery.poll-interval=50ms",
                "--ims.delivery.destinations.ehr.kind=noop",
                "--logging.level.root=WARN"));
    }

    /** Batch b goes to node b % nodes, from three client threads; every batch must be taken whole. */
    private static void post(List<AdapterProcess> nodes, List<ObjectNode> records) throws Exception {
        List<Http> clients = nodes.stream().map(AdapterProcess::operator).toList();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> answers = new ArrayList<>();
            List<List<ObjectNode>> batches = Batches.split(records, BATCH);
            for (int b = 0; b < batches.size(); b++) {
                Http http = clients.get(b % clients.size());
                List<ObjectNode> batch = batches.get(b);
                answers.add(pool.submit(() -> {
                    Http.Answer answer = http.post("/ims/sessions", "application/x-ndjson", TestRecords.ndjson(batch));
                    if (answer.status() != 200 || answer.json().get("accepted").asInt() != batch.size()) {
                        throw new IllegalStateException("POST /ims/sessions answered " + answer.status());
                    }
                    return null;
                }));
            }
            for (Future<?> answer : answers) {
                answer.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitDelivered(String schema, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (single(schema, "select count(*) from ims_delivery where status = 'DELIVERED'") < expected) {
            if (single(schema, "select count(*) from ims_delivery where status = 'DEAD'") > 0) {
                throw new IllegalStateException("a delivery went DEAD");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not delivered within 30 minutes");
            }
            Thread.sleep(100);
        }
    }

    private static long single(String schema, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL + "?currentSchema=" + schema, "postgres", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
