package org.imsfhir.adapter.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.imsfhir.adapter.read.ImsRecordReader;
import org.imsfhir.adapter.samples.SampleRecords;
import org.junit.jupiter.api.Test;

class RecordSchemaTest {

    private static final ObjectMapper MAPPER = ImsRecordReader.newMapper();
    private static final RecordSchema SCHEMA = RecordSchema.standard();

    private static ObjectNode lumbar() throws Exception {
        return (ObjectNode) MAPPER.readTree(SampleRecords.text("/samples/valid/valid-01-lumbar-radiculopathy.json"));
    }

    @Test
    void schemaIsShippedAtItsDocumentedPlace() {
        assertThat(RecordSchema.class.getResource("/schema/ims-session-v1.schema.json")).isNotNull();
        assertThat(RecordSchema.class.getResource("/schema/CSV-LAYOUT.md")).isNotNull();
        assertThat(RecordSchema.class.getResource("/schema/RECORD-RULES.md")).isNotNull();
    }

    @Test
    void validSampleConforms() throws Exception {
        assertThat(SCHEMA.check(lumbar()).conforms()).isTrue();
    }

    @Test
    void pathsAreRecordFieldPathsAndReasonsArePlain() throws Exception {
        ObjectNode tree = lumbar();
        ((ObjectNode) tree.withArray("treatedSites").get(1)).put("siteType", "segmental-paraspinal");
        ((ObjectNode) tree.withArray("treatedSites").get(1)).put("colour", "blue");
        ((ObjectNode) tree.get("patient")).remove("birthDate");

        List<Violation> v = SCHEMA.validate(tree);

        assertThat(v).containsExactly(
                Violation.error("patient.birthDate", "is required"),
                Violation.error("treatedSites[1].colour", "unknown field"),
                Violation.error("treatedSites[1].siteType", "must be one of local, segmental"));
    }

    @Test
    void dateTimesNeedAnOffsetAndDatesMustBeRealDates() throws Exception {
        ObjectNode tree = lumbar();
        tree.put("end", "2026-11-02 10:25");
        ((ObjectNode) tree.get("consent")).put("date", "2026-02-30");
        tree.put("start", "2026-11-02T18:00:00Z"); // Z is an offset

        assertThat(SCHEMA.validate(tree)).extracting(Violation::path).containsExactly("consent.date", "end");
    }

    @Test
    void unreadableValuesAreListedForTheBinder() throws Exception {
        ObjectNode tree = lumbar();
        ((ObjectNode) tree.get("pain")).put("before", "seven");
        ((ObjectNode) tree.get("pain")).put("after", 11);

        RecordSchema.Outcome outcome = SCHEMA.check(tree);

        assertThat(outcome.violations()).extracting(Violation::path).containsExactly("pain.after", "pain.before");
        // Out of range still binds; the wrong type does not.
        assertThat(outcome.unreadablePaths()).containsExactly("pain.before");
    }

    @Test
    void reasonsNeverQuoteTheValues() throws Exception {
        String sentinel = "ZZSENTINEL";
        ObjectNode tree = lumbar();
        ((ObjectNode) tree.get("patient")).put("sex", sentinel);
        ((ObjectNode) tree.get("patient")).put("birthDate", sentinel);
        ((ObjectNode) tree.get("patient")).put("family", 42);
        tree.put("jurisdiction", sentinel);
        tree.put(sentinel, sentinel);

        List<Violation> v = SCHEMA.validate(tree);

        assertThat(v).hasSize(5);
        // The unknown field's name is in the path (that is the point); reasons stay value-free.
        assertThat(v).allSatisfy(x -> assertThat(x.reason()).doesNotContain(sentinel).doesNotContain("42"));
    }
}
