package org.imsfhir.adapter.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.imsfhir.adapter.read.ImsRecordReader;
import org.imsfhir.adapter.read.RecordResult;
import org.imsfhir.adapter.samples.SampleRecords;
import org.junit.jupiter.api.Test;

/**
 * The schema bounds every field (strings, arrays, numbers): a record over a bound is refused with
 * the field path and the limit, and the reason never quotes the value.
 */
class RecordBoundsTest {

    private static final ObjectMapper MAPPER = ImsRecordReader.newMapper();
    private static final ImsRecordReader READER = ImsRecordReader.standard();

    private static ObjectNode lumbar() throws Exception {
        return (ObjectNode) MAPPER.readTree(SampleRecords.text("/samples/valid/valid-01-lumbar-radiculopathy.json"));
    }

    private static RecordResult read(JsonNode tree) throws Exception {
        return READER.readRecord(MAPPER.writeValueAsString(tree));
    }

    @Test
    void overlongStringIsRefusedWithPathLengthAndLimitOnly() throws Exception {
        ObjectNode tree = lumbar();
        tree.put("sessionId", "Z".repeat(100_000)); // the poison record

        RecordResult r = read(tree);

        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("sessionId");
            assertThat(v.reason()).isEqualTo("is 100000 characters long; at most 256 are allowed");
        });
    }

    @Test
    void overlongValueWithAPatternGetsOneViolationWithItsFormAndLength() throws Exception {
        ObjectNode tree = lumbar();
        tree.put("jurisdiction", "CA-BCXXXXXXXX");

        RecordResult r = read(tree);

        // One violation for the path (the checker's country rule does not add a second).
        assertThat(r.errors()).containsExactly(Violation.error("jurisdiction",
                "must be an ISO 3166-2 style code such as CA-BC or US-WA (is 13 characters long; at most 6 are allowed)"));
    }

    @Test
    void lengthIsCountedInCharactersNotUtf16Units() throws Exception {
        ObjectNode tree = lumbar();
        tree.put("sessionId", "\uD83D\uDE00".repeat(256)); // 256 emoji: 512 UTF-16 units

        assertThat(read(tree).errors()).extracting(Violation::path).doesNotContain("sessionId");
    }

    @Test
    void nestedStringInAnArrayNamesItsIndex() throws Exception {
        ObjectNode tree = lumbar();
        ((ArrayNode) tree.get("patient").get("given")).add("G".repeat(101));

        RecordResult r = read(tree);

        assertThat(r.errors()).containsExactly(
                Violation.error("patient.given[1]", "is 101 characters long; at most 100 are allowed"));
    }

    @Test
    void tooManyItemsIsRefusedWithPathLimitAndCount() throws Exception {
        ObjectNode tree = lumbar();
        ArrayNode sites = (ArrayNode) tree.get("treatedSites");
        JsonNode first = sites.get(0);
        while (sites.size() < 101) {
            sites.add(first.deepCopy());
        }

        RecordResult r = read(tree);

        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).filteredOn(v -> v.path().equals("treatedSites"))
                .extracting(Violation::reason)
                .containsExactly("must have at most 100 entries (has 101)");
    }

    @Test
    void numberOverItsMaximumIsRefusedWithPathAndRange() throws Exception {
        ObjectNode tree = lumbar();
        ((ObjectNode) tree.get("treatedSites").get(0)).put("insertions", 1001);

        RecordResult r = read(tree);

        assertThat(r.errors()).containsExactly(
                Violation.error("treatedSites[0].insertions", "must be at most 1000 (between 1 and 1000)"));
    }

    @Test
    void numberUnderItsMinimumIsRefusedWithPathAndRange() throws Exception {
        ObjectNode tree = lumbar();
        ((ObjectNode) tree.get("pain")).put("before", -1);

        RecordResult r = read(tree);

        assertThat(r.errors()).containsExactly(
                Violation.error("pain.before", "must be at least 0 (between 0 and 10)"));
    }

    @Test
    void hugeNumberIsRefusedByItsBoundNotByAnOverflow() throws Exception {
        ObjectNode tree = lumbar();
        ((ObjectNode) tree.get("needle")).put("lengthMm", new java.math.BigDecimal("1e999999"));
        tree.put("sessionNumber", new java.math.BigInteger("9".repeat(40)));

        RecordResult r = read(tree);

        // A long integer is judged by its range; an exponent that makes a number huge is refused as such.
        assertThat(r.errors()).containsExactlyInAnyOrder(
                Violation.error("needle.lengthMm", "is too large for any field (an exponent above 30)"),
                Violation.error("sessionNumber", "must be at most 1000 (between 1 and 1000)"));
    }

    @Test
    void tinyNumberWithAHugeExponentIsRefusedBeforeAnythingWritesItInFull() throws Exception {
        ObjectNode tree = lumbar();
        // Above 0 and below 5, so within the schema's range; in full it would be a billion digits.
        ((ObjectNode) tree.get("needle")).put("diameterMm", new java.math.BigDecimal("1E-999999999"));
        ((ObjectNode) tree.get("outcomes").get(0)).put("score", new java.math.BigDecimal("38.000000000000000000000000"));

        RecordResult r = read(tree);

        // Trailing zeros do not count: 38.000... is 38.
        assertThat(r.errors()).containsExactly(Violation.error("needle.diameterMm", "has more than 20 decimal places"));
    }

    @Test
    void hugeExponentInAnEnumFieldIsRefusedBeforeTheSchemaWritesItInFull() throws Exception {
        // Found by MappingFuzzTest: the schema's enum check wrote this number out in full (a hang).
        ObjectNode tree = lumbar();
        tree.put("status", new java.math.BigDecimal("1E+999999999"));
        ((ArrayNode) tree.get("patient").get("given")).add(new java.math.BigDecimal("-4E-2147483647"));
        // Found by MappingFuzzTest too: a zero with a huge scale (out of memory in the same check).
        ((ObjectNode) tree.get("patient")).put("sex", new java.math.BigDecimal("0E-2147483647"));

        RecordResult r = read(tree);

        assertThat(r.errors()).containsExactlyInAnyOrder(
                Violation.error("patient.given[1]", "has more than 20 decimal places"),
                Violation.error("patient.sex", "has more than 20 decimal places"),
                Violation.error("status", "is too large for any field (an exponent above 30)"));
    }

    /** The schema itself: every string, array and number has its bound (a new field must get one). */
    @Test
    void everyFieldOfTheSchemaIsBounded() throws Exception {
        JsonNode schema = MAPPER.readTree(SampleRecords.class.getResourceAsStream(RecordSchema.RESOURCE));
        List<String> unbounded = new ArrayList<>();
        walk("", schema, unbounded);
        assertThat(unbounded).isEmpty();
    }

    private static void walk(String path, JsonNode node, List<String> unbounded) {
        List<String> types = new ArrayList<>();
        node.path("type").forEach(t -> types.add(t.asText()));
        if (node.path("type").isTextual()) {
            types.add(node.get("type").asText());
        }
        if (types.contains("string") && !node.has("maxLength")) {
            unbounded.add(path + ": no maxLength");
        }
        if (types.contains("array") && !node.has("maxItems")) {
            unbounded.add(path + ": no maxItems");
        }
        if ((types.contains("number") || types.contains("integer"))
                && (!(node.has("minimum") || node.has("exclusiveMinimum"))
                        || !(node.has("maximum") || node.has("exclusiveMaximum")))) {
            unbounded.add(path + ": no range");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            walk(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), unbounded);
        }
        if (node.has("items")) {
            walk(path + "[]", node.get("items"), unbounded);
        }
    }
}
