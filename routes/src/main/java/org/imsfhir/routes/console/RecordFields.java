package org.imsfhir.routes.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A record (JSON) as a list of leaf fields named by the same paths the record checks report
 * ({@code patient.birthDate}, {@code treatedSites[1].spinalLevel}), so each error can be shown next
 * to its field, and edited fields put back into the record.
 */
public final class RecordFields {

    /** The record's patient block names the patient: withheld from users without the phi scope. */
    static final String PATIENT = "patient";

    /** One leaf: its path, its value as text, and whether it is JSON text (quoted) or a number/boolean/null. */
    public record Field(String path, String value, boolean text) {

        /** Whether this field can name or identify the patient. */
        public boolean phi() {
            return patientField(path);
        }
    }

    /** Whether the field at this path is in the record's patient block (names or identifies the patient). */
    public static boolean patientField(String path) {
        return path.equals(PATIENT) || path.startsWith(PATIENT + ".") || path.startsWith(PATIENT + "[");
    }

    private RecordFields() {
    }

    public static List<Field> of(JsonNode record) {
        List<Field> fields = new ArrayList<>();
        collect("", record, fields);
        return fields;
    }

    private static void collect(String path, JsonNode node, List<Field> out) {
        if (node.isObject()) {
            if (node.isEmpty() && !path.isEmpty()) {
                out.add(new Field(path, "{}", false));
            }
            node.fields().forEachRemaining(e -> collect(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out));
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.add(new Field(path, "[]", false));
            }
            for (int i = 0; i < node.size(); i++) {
                collect(path + "[" + i + "]", node.get(i), out);
            }
        } else {
            out.add(new Field(path, node.isTextual() ? node.asText() : node.toString(), node.isTextual()));
        }
    }

    /**
     * A copy of {@code record} with the leaves at the given paths set to the given texts. A leaf keeps
     * its JSON kind: a text stays text; a number, boolean or null field takes the JSON literal typed
     * (so {@code 7} stays a number, and typing {@code "7"} makes it text). A path not in the record
     * is added (objects and arrays made on the way).
     */
    public static ObjectNode apply(JsonNode record, Map<String, String> values) {
        ObjectNode copy = record.deepCopy();
        Map<String, Field> existing = new java.util.HashMap<>();
        of(record).forEach(f -> existing.put(f.path(), f));
        values.forEach((path, value) -> {
            Field before = existing.get(path);
            JsonNode node = before == null || before.text() ? JsonNodeFactory.instance.textNode(value) : literal(value);
            set(copy, JsonPath.parse(path), 0, node);
        });
        return copy;
    }

    /** A JSON literal typed into a non-text field; anything else is kept as text (the checks will say why). */
    private static JsonNode literal(String value) {
        String v = value.strip();
        switch (v) {
            case "", "null":
                return JsonNodeFactory.instance.nullNode();
            case "true", "false":
                return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(v));
            default:
                try {
                    return JsonNodeFactory.instance.numberNode(new java.math.BigDecimal(v));
                } catch (NumberFormatException e) {
                    return JsonNodeFactory.instance.textNode(value);
                }
        }
    }

    private static void set(JsonNode parent, List<Object> steps, int i, JsonNode value) {
        Object step = steps.get(i);
        boolean last = i == steps.size() - 1;
        if (step instanceof String name && parent instanceof ObjectNode object) {
            if (last) {
                object.set(name, value);
            } else {
                JsonNode child = object.get(name);
                if (child == null || !(child.isContainerNode())) {
                    child = steps.get(i + 1) instanceof Integer ? object.putArray(name) : object.putObject(name);
                }
                set(child, steps, i + 1, value);
            }
        } else if (step instanceof Integer index && parent instanceof ArrayNode array) {
            while (array.size() <= index) {
                array.addNull();
            }
            if (last) {
                array.set(index, value);
            } else {
                JsonNode child = array.get(index);
                if (child == null || !child.isContainerNode()) {
                    child = steps.get(i + 1) instanceof Integer ? JsonNodeFactory.instance.arrayNode()
                            : JsonNodeFactory.instance.objectNode();
                    array.set(index, child);
                }
                set(child, steps, i + 1, value);
            }
        } else {
            throw new IllegalArgumentException("The field path " + JsonPath.format(steps)
                    + " does not fit the record's structure");
        }
    }
}
