package org.imsfhir.adapter.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.imsfhir.adapter.check.Violation;

/**
 * Numbers whose exponent makes them huge when written in full: {@code 1E-999999999} is a dozen
 * characters, lies within every range of the schema (above 0, below 5), yet as plain text it has
 * a billion digits, and the schema validator (for an enum field) and FHIR's decimal writer both
 * write numbers in full. Such numbers are refused by path and taken out of the tree before
 * anything else looks at it. No real value of a record comes near these bounds.
 */
final class OutsizeNumbers {

    /** Decimal places a number may have; 0.30000000000000004 (a double printed in full) has 17. */
    static final int MAX_DECIMAL_PLACES = 20;
    /** Zeros an exponent may add (1E+30); the largest bound in the schema has 6 digits. */
    static final int MAX_EXPONENT_ZEROS = 30;

    private OutsizeNumbers() {
    }

    /**
     * The tree without its outsize numbers (the same tree when it has none), each one reported in
     * {@code violations} by path. Object fields are removed, array entries become null.
     */
    static JsonNode remove(JsonNode tree, List<Violation> violations) {
        List<Violation> found = new ArrayList<>();
        walk(tree, "", found, false);
        if (found.isEmpty()) {
            return tree;
        }
        violations.addAll(found);
        JsonNode copy = tree.deepCopy();
        walk(copy, "", new ArrayList<>(), true);
        return copy;
    }

    /** Reports outsize numbers under {@code node}; with {@code cut}, also takes them out. */
    private static void walk(JsonNode node, String path, List<Violation> out, boolean cut) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (reason(e.getValue()) != null) {
                    out.add(Violation.error(at, reason(e.getValue())));
                    if (cut) {
                        it.remove();
                    }
                } else {
                    walk(e.getValue(), at, out, cut);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String at = path + "[" + i + "]";
                if (reason(a.get(i)) != null) {
                    out.add(Violation.error(at, reason(a.get(i))));
                    if (cut) {
                        a.set(i, a.nullNode());
                    }
                } else {
                    walk(a.get(i), at, out, cut);
                }
            }
        }
    }

    private static String reason(JsonNode node) {
        if (!node.isBigDecimal() && !node.isFloatingPointNumber() && !node.isBigInteger()) {
            return null; // int and long are small by type
        }
        BigDecimal value = node.decimalValue();
        // Cheap for any exponent: the scale is an int. Digits actually sent (at most the reader's
        // maxNumberLength) are left to the schema's ranges, which name the bound.
        if (value.scale() < -MAX_EXPONENT_ZEROS) {
            return "is too large for any field (an exponent above " + MAX_EXPONENT_ZEROS + ")";
        }
        // Trailing zeros of a non-zero number do not count (38.000... is 38); a zero's do: written in
        // full, 0E-2147483647 is two billion zeros.
        if (value.scale() > MAX_DECIMAL_PLACES
                && (value.signum() == 0 || value.stripTrailingZeros().scale() > MAX_DECIMAL_PLACES)) {
            return "has more than " + MAX_DECIMAL_PLACES + " decimal places";
        }
        return null;
    }
}
