package org.imsfhir.routes.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.adapter.engine.PayloadFormat;
import org.imsfhir.adapter.engine.ReadRecord;
import org.imsfhir.adapter.engine.UnreadablePayloadException;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.Test;

/** How the service splits payloads into records and keeps each record's text, key and violations. */
class EngineReadTest {

    // Reading only: no validator, judge() is not called here.
    private final ImsEngine pipeline = ImsEngine.builder().build();
    private final TestRecords records = new TestRecords("https://pipeline-test.example/pms");

    @Test
    void brokenJsonIsUnreadableAsAWholeWithItsPosition() {
        assertThatThrownBy(() -> pipeline.read("[{\"recordVersion\": \"1\",\n \"source\": }]", PayloadFormat.JSON))
                .isInstanceOf(UnreadablePayloadException.class)
                .hasMessageContaining("line 2").hasMessageNotContaining("recordVersion");
    }

    @Test
    void anArrayGivesOneRecordEachWithItsOwnTextAndKey() throws Exception {
        ObjectNode bad = records.session(2, 2);
        bad.put("favouriteColour", "green");
        List<ReadRecord> read = pipeline.read("[" + TestRecords.json(records.session(1, 1)) + ","
                + TestRecords.json(bad) + "]", PayloadFormat.JSON);

        assertThat(read).hasSize(2);
        assertThat(read.get(0).checked()).isTrue();
        assertThat(read.get(0).sessionKey()).isEqualTo(records.system() + "|S-1");
        assertThat(read.get(0).rawText()).contains("\"S-1\"").doesNotContain("\"S-2\"");
        assertThat(read.get(1).checked()).isFalse();
        assertThat(read.get(1).sessionKey()).isEqualTo(records.system() + "|S-2");
        assertThat(read.get(1).violations()).extracting(Violation::path).contains("favouriteColour");
    }

    @Test
    void aBrokenNdjsonLineFailsAlone() throws Exception {
        String ndjson = TestRecords.json(records.session(3, 3)) + "\n{not json\n" + TestRecords.json(records.session(4, 4)) + "\n";

        List<ReadRecord> read = pipeline.read(ndjson, PayloadFormat.NDJSON);

        assertThat(read).extracting(ReadRecord::checked).containsExactly(true, false, true);
        assertThat(read.get(1).line()).isEqualTo(2);
        assertThat(read.get(1).sessionKey()).isNull();
    }

    @Test
    void csvWithoutRequiredColumnsIsUnreadableNamingThem() {
        String csv = "record_version,source_system,session_id\n1,https://x.example/pms,S-1\n";

        assertThatThrownBy(() -> pipeline.read(csv, PayloadFormat.CSV))
                .isInstanceOfSatisfying(UnreadablePayloadException.class, e -> {
                    assertThat(e.violations()).isNotEmpty().allMatch(Violation::isError);
                    assertThat(e.getMessage()).contains("patient_id");
                });
    }
}
