package org.imsfhir.adapter.validation.compiled;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** JSON lookups for {@link InvariantBreaker}: what the names of an invariant refer to in an element. */
final class InvariantTargets {

    /** A primitive under the element: pointer, path, its property name (an array's for items), its parent's. */
    record Leaf(String pointer, String path, String key, String parentKey, JsonNode value) {
    }

    private InvariantTargets() {
    }

    /** Every primitive under {@code node}, in document order. */
    static List<Leaf> leaves(JsonNode node, String pointer, String path) {
        List<Leaf> out = new ArrayList<>();
        leaves(node, pointer, path, null, null, out);
        return out;
    }

    private static void leaves(JsonNode node, String ptr, String path, String key, String parentKey, List<Leaf> out) {
        if (node.isValueNode()) {
            out.add(new Leaf(ptr, path, key, parentKey, node));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                leaves(node.get(i), ptr + "/" + i, path + "[" + i + "]", key, parentKey, out);
            }
        } else {
            for (String f : (Iterable<String>) node::fieldNames) {
                leaves(node.get(f), ptr + "/" + f, path + "." + f, f, key, out);
            }
        }
    }

    /** The JSON property a FHIRPath name means in {@code obj}: itself, or a choice ({@code value}: valueQuantity). */
    static String property(ObjectNode obj, String name) {
        if (obj.has(name)) {
            return name;
        }
        for (String f : (Iterable<String>) obj::fieldNames) {
            if (named(f, name)) {
                return f;
            }
        }
        return null;
    }

    /** Whether a JSON property name is the FHIRPath name or one of its choice forms. */
    static boolean named(String jsonName, String name) {
        return jsonName != null && (jsonName.equals(name) || jsonName.length() > name.length()
                && jsonName.startsWith(name) && Character.isUpperCase(jsonName.charAt(name.length())));
    }

    /** Index of the first item of {@code obj.extension} with this url, or -1. */
    static int subExtension(ObjectNode obj, String url) {
        JsonNode ext = obj.path("extension");
        for (int i = 0; i < ext.size(); i++) {
            if (url.equals(ext.get(i).path("url").asText())) {
                return i;
            }
        }
        return -1;
    }

    /** The property holding an extension's primitive value ({@code valuePositiveInt}), or null. */
    static String valueKey(JsonNode ext) {
        for (String f : (Iterable<String>) ext::fieldNames) {
            if (f.startsWith("value") && ext.get(f).isValueNode()) {
                return f;
            }
        }
        return null;
    }

    /**
     * For each position, how many function-call arguments enclose it: a name inside {@code where(...)}
     * refers to the function's focus, not to the element; grouping parentheses do not count.
     */
    static int[] callDepth(String expr) {
        int[] depth = new int[expr.length()];
        Deque<Boolean> open = new ArrayDeque<>();
        int calls = 0;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '(') {
                boolean call = i > 0 && Character.isLetterOrDigit(expr.charAt(i - 1));
                open.push(call);
                calls += call ? 1 : 0;
            } else if (c == ')' && !open.isEmpty()) {
                calls -= open.pop() ? 1 : 0;
            }
            depth[i] = calls;
        }
        return depth;
    }

    /** A number just outside {@code op n}. */
    static JsonNode outside(String op, BigDecimal n) {
        BigDecimal v = switch (op) {
            case ">=" -> n.subtract(BigDecimal.ONE);
            case ">", "<", "!=" -> n;
            default -> n.add(BigDecimal.ONE); // <=, =
        };
        return v.scale() <= 0 ? LongNode.valueOf(v.longValueExact()) : DecimalNode.valueOf(v);
    }
}
