package org.imsfhir.adapter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.imsfhir.adapter.ConversionOptions;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.read.ImsRecordReader;
import org.imsfhir.adapter.read.RecordResult;
import org.imsfhir.adapter.samples.SampleRecords;

/**
 * The FHIR mapping of whatever the checker accepts. Raw bytes rarely make a record the checker
 * accepts, so the fuzzer edits valid sample records instead: it picks a sample and changes values
 * anywhere in it (removes them, puts strings, numbers, null or booleans in, repeats array entries,
 * or takes the value at the same place from another sample). Every record the reader accepts is
 * converted and its Bundle encoded; any exception there is a finding. (The profile validator is
 * left out: too slow for fuzzing.)
 */
class MappingFuzzTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    private static final ImsRecordReader READER = ImsRecordReader.withClock(CLOCK);
    private static final ImsToFhirConverter CONVERTER = new ImsToFhirConverter();
    private static final ObjectMapper MAPPER = ImsRecordReader.newMapper();
    private static final List<ObjectNode> SAMPLES = samples();

    private static List<ObjectNode> samples() {
        List<ObjectNode> out = new ArrayList<>();
        for (String resource : SampleRecords.validJsonResources()) {
            try {
                out.add((ObjectNode) MAPPER.readTree(SampleRecords.text(resource)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(out);
    }

    @FuzzTest(maxDuration = "5m")
    void acceptedRecordsMap(FuzzedDataProvider data) throws JsonProcessingException {
        ObjectNode record = SAMPLES.get(data.consumeInt(0, SAMPLES.size() - 1)).deepCopy();
        int edits = data.consumeInt(0, 6);
        for (int i = 0; i < edits && data.remainingBytes() > 0; i++) {
            edit(record, data);
        }
        RecordResult result = READER.readRecord(MAPPER.writeValueAsString(record));
        DocumentedOutcomes.check(result);
        if (!result.ok()) {
            return;
        }
        ConversionOptions options = ConversionOptions.builder().clock(CLOCK).adapterVersion("fuzz")
                .includeProvenance(data.consumeBoolean()).build();
        Bundle bundle = CONVERTER.convert(result.session(), options).bundle();
        if (bundle.getEntry().isEmpty()) {
            throw new AssertionError("an accepted record maps to an empty Bundle");
        }
        ImsToFhirConverter.toJson(bundle);
    }

    /** One edit at a place the fuzzer picks among every value of the tree. */
    private static void edit(ObjectNode root, FuzzedDataProvider data) {
        List<Place> places = new ArrayList<>();
        collect(root, new ArrayList<>(), places);
        if (places.isEmpty()) {
            return;
        }
        Place at = places.get(data.consumeInt(0, places.size() - 1));
        switch (data.consumeInt(0, 7)) {
            case 0 -> at.remove();
            case 1 -> at.set(MAPPER.getNodeFactory().textNode(data.consumeString(data.consumeInt(0, 300))));
            case 2 -> at.set(MAPPER.getNodeFactory().numberNode(data.consumeLong()));
            case 3 -> at.set(MAPPER.getNodeFactory().numberNode(decimal(data)));
            case 4 -> at.set(MAPPER.getNodeFactory().nullNode());
            case 5 -> at.set(MAPPER.getNodeFactory().booleanNode(data.consumeBoolean()));
            case 6 -> at.repeat();
            default -> {
                // The value at the same place in another sample: mostly valid, new combinations.
                JsonNode other = at.find(SAMPLES.get(data.consumeInt(0, SAMPLES.size() - 1)));
                if (other != null) {
                    at.set(other.deepCopy());
                }
            }
        }
    }

    private static BigDecimal decimal(FuzzedDataProvider data) {
        // Mostly ordinary scales; sometimes any exponent at all (1E-999999999 is above 0 and tiny).
        int scale = data.consumeBoolean() ? data.consumeInt(-20, 20) : data.consumeInt();
        return BigDecimal.valueOf(data.consumeLong(), scale);
    }

    private static void collect(JsonNode node, List<Object> path, List<Place> out) {
        if (node instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                List<Object> child = append(path, name);
                out.add(new Place(o, name, -1, child));
                collect(o.get(name), child, out);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                List<Object> child = append(path, i);
                out.add(new Place(a, null, i, child));
                collect(a.get(i), child, out);
            }
        }
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> p = new ArrayList<>(path);
        p.add(step);
        return p;
    }

    /** A value in the tree: a field of an object or an entry of an array, and its path from the root. */
    private record Place(ContainerNode<?> parent, String field, int index, List<Object> path) {
        void set(JsonNode value) {
            if (parent instanceof ObjectNode o) {
                o.set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode o) {
                o.remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }

        void repeat() {
            if (parent instanceof ArrayNode a) {
                a.add(a.get(index).deepCopy());
            }
        }

        JsonNode find(JsonNode root) {
            JsonNode node = root;
            for (Object step : path) {
                node = step instanceof Integer i ? node.get(i) : node.get((String) step);
                if (node == null) {
                    return null;
                }
            }
            return node;
        }
    }
}
