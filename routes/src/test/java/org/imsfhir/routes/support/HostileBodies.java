package org.imsfhir.routes.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Request bodies as a hostile (or badly broken) client sends them, made by seeded mutations of the
 * valid JSON sample records of {@code test-fixtures} ({@code samples/valid/*.json}): values replaced by
 * extreme ones (huge strings, NUL, huge or negative numbers, wrong types, deep nesting), fields
 * removed, repeated (arrays blown up, duplicate keys), bodies truncated or with characters flipped,
 * NDJSON with good, bad and garbage lines mixed, and wrong content types. The same seed always
 * gives the same bodies, so a failure can be replayed.
 */
public final class HostileBodies {

    /** One request: its content type, its text and what was done to it (printed when it fails). */
    public record Body(String contentType, String text, String mutation) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JSON = "application/json";
    private static final String NDJSON = "application/x-ndjson";
    private static final String DEEP = "@@deep@@";
    /** Characters a flipped position gets: JSON structure, escapes, NUL and non-ASCII. */
    private static final String FLIPS = "{}[]\",:\\0x \u0000\u00e9\u20ac";
    /** Extreme values a field may be replaced by (each also tried where another type belongs). */
    private static final List<JsonNode> EXTREMES = extremes();

    private final Random random;
    private final List<ObjectNode> samples;
    private final String system;
    private int sequence;

    public HostileBodies(long seed, String system) {
        this.random = new Random(seed);
        this.samples = samples();
        this.system = system;
    }

    /** The next body. */
    public Body next() {
        int roll = random.nextInt(100);
        if (roll < 78) {
            StringBuilder what = new StringBuilder();
            return new Body(JSON, mutatedRecordText(what), what.toString());
        }
        if (roll < 88) {
            return mixedNdjson();
        }
        if (roll < 93) {
            String text = TestRecords.json(fresh());
            int cut = random.nextInt(text.length());
            return new Body(random.nextBoolean() ? JSON : NDJSON, text.substring(0, cut), "truncated at " + cut);
        }
        if (roll < 97) {
            char[] text = TestRecords.json(fresh()).toCharArray();
            int flips = 1 + random.nextInt(8);
            for (int i = 0; i < flips; i++) {
                text[random.nextInt(text.length)] = FLIPS.charAt(random.nextInt(FLIPS.length()));
            }
            return new Body(JSON, new String(text), flips + " characters flipped");
        }
        return oddEnvelope();
    }

    /** A valid record no other body uses (its own session id). */
    public ObjectNode fresh() {
        ObjectNode record = samples.get(random.nextInt(samples.size())).deepCopy();
        ((ObjectNode) record.get("source")).put("system", system);
        record.put("sessionId", "H-" + (++sequence));
        return record;
    }

    private String mutatedRecordText(StringBuilder what) {
        ObjectNode record = fresh();
        int mutations = 1 + random.nextInt(3);
        String deep = null;
        for (int i = 0; i < mutations; i++) {
            List<Slot> slots = new ArrayList<>();
            collect(record, "", slots);
            Slot slot = slots.get(random.nextInt(slots.size()));
            int op = random.nextInt(10);
            if (op < 5) {
                JsonNode value = EXTREMES.get(random.nextInt(EXTREMES.size())).deepCopy(); // later mutations may change it
                slot.set(value);
                what.append("replaced ").append(slot.path).append(" by ").append(describe(value)).append("; ");
            } else if (op < 7) {
                slot.remove();
                what.append("removed ").append(slot.path).append("; ");
            } else if (op < 8 && slot.value() instanceof ArrayNode array && !array.isEmpty()) {
                int times = 1 + random.nextInt(random.nextBoolean() ? 5 : 2000);
                JsonNode first = array.get(0);
                for (int t = 0; t < times; t++) {
                    array.add(first.deepCopy());
                }
                what.append("repeated ").append(slot.path).append("[0] ").append(times).append(" times; ");
            } else if (op < 9 && deep == null) {
                int depth = 100 + random.nextInt(5000);
                deep = "[".repeat(depth) + "]".repeat(depth);
                slot.set(JsonNodeFactory.instance.textNode(DEEP));
                what.append("nested ").append(slot.path).append(' ').append(depth).append(" deep; ");
            } else {
                slot.set(JsonNodeFactory.instance.textNode("x".repeat(random.nextInt(20) == 0 ? 1_000_000 : 100_000)));
                what.append("huge string at ").append(slot.path).append("; ");
            }
        }
        String text = TestRecords.json(record);
        if (deep != null) {
            text = text.replace('"' + DEEP + '"', deep);
        }
        if (random.nextInt(10) == 0) {
            // The same key twice: '{"sessionId":"H-1",...' -> '{"sessionId":"H-1","sessionId":"H-1",...'
            int comma = text.indexOf(',');
            if (comma > 1) {
                text = "{" + text.substring(1, comma) + "," + text.substring(1);
                what.append("first key repeated; ");
            }
        }
        return text;
    }

    private Body mixedNdjson() {
        int lines = 2 + random.nextInt(5);
        StringBuilder body = new StringBuilder();
        StringBuilder what = new StringBuilder("NDJSON: ");
        for (int i = 0; i < lines; i++) {
            switch (random.nextInt(6)) {
                case 0 -> {
                    body.append(TestRecords.json(fresh()));
                    what.append("valid, ");
                }
                case 1, 2 -> {
                    body.append(mutatedRecordText(what).replace('\n', ' '));
                    what.append("mutated, ");
                }
                case 3 -> {
                    body.append("not json at all \u0000");
                    what.append("garbage, ");
                }
                case 4 -> {
                    body.append(random.nextBoolean() ? "[]" : "{}");
                    what.append("empty, ");
                }
                default -> {
                    body.append("   ");
                    what.append("blank, ");
                }
            }
            body.append('\n');
        }
        return new Body(NDJSON, body.toString(), what.toString());
    }

    private Body oddEnvelope() {
        String record = TestRecords.json(fresh());
        return switch (random.nextInt(6)) {
            case 0 -> new Body("text/csv", record, "JSON sent as CSV");
            case 1 -> new Body("application/xml", "<session/>", "XML");
            case 2 -> new Body(JSON, "[" + String.join(",", java.util.Collections.nCopies(50, record)) + "]",
                    "the same record 50 times in one array");
            case 3 -> new Body(JSON, "", "empty body");
            case 4 -> new Body("text/csv", "sessionId,source.system\n" + "x,".repeat(300) + "\n", "CSV without the columns");
            default -> new Body(JSON, "{\"a\":" + "1".repeat(20_000) + "}", "a 20,000-digit number");
        };
    }

    /** A place in the record that can be replaced or removed. */
    private record Slot(ContainerNode<?> parent, String field, int index, String path) {
        JsonNode value() {
            return parent instanceof ObjectNode o ? o.get(field) : ((ArrayNode) parent).get(index);
        }

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
    }

    private static void collect(JsonNode node, String path, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                slots.add(new Slot(object, e.getKey(), -1, p));
                collect(e.getValue(), p, slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String p = path + "[" + i + "]";
                slots.add(new Slot(array, null, i, p));
                collect(array.get(i), p, slots);
            }
        }
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "... (" + text.length() + " chars)" : text;
    }

    private static List<JsonNode> extremes() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> list = new ArrayList<>(List.of(
                f.textNode(""), f.textNode(" "), f.textNode("\u0000"), f.textNode("a\u0000b"), f.textNode("\uD800"),
                f.textNode("\uD834\uDD1E"), f.textNode("<script>alert(1)</script>"), f.textNode("'; drop table ims_message; --"),
                f.textNode("../../../etc/passwd"), f.textNode("2026-02-30"), f.textNode("9999-12-31T23:59:59Z"),
                f.textNode("0000-01-01"), f.textNode("-1"), f.textNode("x".repeat(5_000)),
                f.numberNode(Long.MAX_VALUE), f.numberNode(Long.MIN_VALUE), f.numberNode(-1), f.numberNode(0),
                f.numberNode(1e308), f.numberNode(-1e308), f.numberNode(0.000001), f.numberNode(Integer.MAX_VALUE),
                f.numberNode(new BigDecimal("1e400")), f.numberNode(new BigDecimal("123456789012345678901234567890.5")),
                f.booleanNode(true), f.booleanNode(false), f.nullNode(), f.objectNode(), f.arrayNode(),
                f.arrayNode().add(f.arrayNode().add(f.objectNode()))));
        return List.copyOf(list);
    }

    private static List<ObjectNode> samples() {
        List<ObjectNode> list = new ArrayList<>();
        try (InputStream index = resource("samples/valid/index.txt")) {
            for (String name : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (!name.strip().endsWith(".json")) {
                    continue;
                }
                try (InputStream in = resource("samples/valid/" + name.strip())) {
                    list.add((ObjectNode) MAPPER.readTree(in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (list.isEmpty()) {
            throw new IllegalStateException("No sample records under samples/valid/");
        }
        return List.copyOf(list);
    }

    private static InputStream resource(String name) {
        InputStream in = HostileBodies.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Missing test resource " + name);
        }
        return in;
    }
}
