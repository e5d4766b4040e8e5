package org.imsfhir.routes.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.imsfhir.routes.it.ServiceIT;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Retention wired into the whole service (see {@link ServiceIT}): the configuration bound from
 * application.yaml, the scheduled route, a run on the service's own store (everything in it is
 * young: nothing goes), and the session status that says what was removed. The removal itself is
 * proven by the store and file tests with a clock of their own; here the shared database is left
 * as the other tests expect it, so the one record shown as purged is purged by hand.
 */
class RetentionServiceIT extends ServiceIT {

    @Autowired
    CamelContext camel;
    @Autowired
    RetentionProperties properties;
    @Autowired
    RetentionPurge purge;
    @Autowired
    DataSource dataSource;

    private final TestRecords records = new TestRecords("https://retention-it.example/pms");

    @Test
    void theScheduledPurgeIsThereWithTheDocumentedDefaults() {
        assertThat(camel.getRoute("retention-purge")).isNotNull();
        assertThat(properties.enabled()).isTrue();
        assertThat(properties.purgeInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.rawPayloads()).isEqualTo(Duration.ofDays(30));
        assertThat(properties.bundles()).isEqualTo(Duration.ofDays(30));
        assertThat(properties.receiverAnswers()).isEqualTo(Duration.ofDays(30));
        assertThat(properties.inboxFiles()).isEqualTo(Duration.ofDays(7));
        assertThat(properties.fileOutput()).isEqualTo(Duration.ofDays(7));
        assertThat(properties.registryStaging()).isEqualTo(Duration.ofDays(1));

        RetentionCounts counts = purge.run();

        assertThat(counts.intakePayloads() + counts.recordPayloads() + counts.bundles() + counts.receiverAnswers())
                .isZero();
    }

    @Test
    void theSessionStatusSaysWhatWasRemovedAndWhen() {
        Http.Answer answer = http.post("/ims/sessions", "application/json", TestRecords.json(records.session(1, 1)));
        assertThat(answer.status()).isEqualTo(200);
        String id = answer.json().get("records").get(0).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.get("/ims/sessions/" + id).json()
                .get("deliveries").get(0).get("status").asText()).isEqualTo("DELIVERED"));
        assertThat(http.get("/ims/sessions/" + id).json().has("purgedAt")).isFalse();

        JdbcClient sql = JdbcClient.create(dataSource);
        long messageId = sql.sql("select id from ims_message where session_key = :k")
                .param("k", records.system() + "|S-1").query(Long.class).single();
        sql.sql("update ims_message set raw_payload = null, bundle = null, purged_at = :at where id = :id")
                .param("at", java.time.OffsetDateTime.parse("2026-02-05T09:00:00Z")).param("id", messageId).update();

        JsonNode status = http.get("/ims/sessions/" + id).json();
        assertThat(status.get("purgedAt").asText()).isEqualTo("2026-02-05T09:00Z");
        assertThat(status.get("purged")).extracting(JsonNode::asText).containsExactly("raw-payload", "bundle");
        assertThat(status.get("status").asText()).isEqualTo("VALID");
    }
}
