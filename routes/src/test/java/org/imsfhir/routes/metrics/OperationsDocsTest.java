package org.imsfhir.routes.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imsfhir.routes.claim.InsurerDestinations;
import org.imsfhir.routes.intake.IntakeBusyException;
import org.imsfhir.routes.intake.JudgeQueue;
import org.imsfhir.routes.intake.PayloadBudget;
import org.imsfhir.routes.logs.RecordMdc;
import org.imsfhir.routes.outbound.ReceiverClients;
import org.imsfhir.routes.poison.PoisonRecords;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md lists every meter the service makes and every MDC key, and the Grafana
 * dashboard beside it asks only for metrics that page lists: a meter added or renamed without its
 * documentation fails here.
 */
class OperationsDocsTest {

    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void everyMeterOfTheServiceIsDocumentedUnderItsPrometheusName() throws Exception {
        String doc = Files.readString(DOCS.resolve("operations.md"));
        List<String> counters = List.of(RecordMetrics.RECEIVED, RecordMetrics.JUDGED, DeliveryMetrics.ATTEMPTS,
                PoisonRecords.METRIC, IntakeBusyException.METRIC, ReceiverClients.TOKEN_METRIC,
                InsurerDestinations.UNKNOWN_PAYER_METRIC);
        List<String> timers = List.of(PipelineTimers.MAPPING, PipelineTimers.VALIDATION, DeliveryMetrics.LATENCY);
        List<String> gauges = List.of(OutboxGauges.DELIVERIES, StatusGauges.REGISTRY_BATCHES, StatusGauges.REGISTRY_EXCLUSIONS,
                StatusGauges.CLAIMS, JudgeQueue.METRIC);
        counters.forEach(m -> assertThat(doc).contains("`" + prometheus(m) + "_total`"));
        timers.forEach(m -> assertThat(doc).contains("`" + prometheus(m) + "_seconds`"));
        gauges.forEach(m -> assertThat(doc).contains("`" + prometheus(m) + "`"));
        assertThat(doc).contains("`" + prometheus(OutboxGauges.OLDEST_PENDING_AGE) + "_seconds`",
                "`" + prometheus(PayloadBudget.METRIC) + "`");
        for (String key : List.of(RecordMdc.INTAKE_ID, RecordMdc.MESSAGE_ID, RecordMdc.DELIVERY_ID, RecordMdc.DESTINATION)) {
            assertThat(doc).contains("| `" + key + "` |");
        }
    }

    @Test
    void theDashboardAsksOnlyForDocumentedMetrics() throws Exception {
        String doc = Files.readString(DOCS.resolve("operations.md"));
        String dashboard = Files.readString(DOCS.resolve("grafana/ims-fhir-adapter.json"));
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\\b((?:ims|camel)_[a-z_]+?)(?:_bucket|_sum|_count)?\\{").matcher(dashboard);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).hasSizeGreaterThan(15);
        for (String metric : used) {
            String base = metric.replaceAll("_(total|seconds)$", "");
            assertThat(doc).as("%s in docs/operations.md", metric).containsPattern("`" + Pattern.quote(base) + "(_total|_seconds)?`");
        }
    }

    private static String prometheus(String micrometerName) {
        return micrometerName.replace('.', '_');
    }
}
