package org.imsfhir.adapter.validation.compiled;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;

/**
 * One change to a Bundle, replayable on any copy (so RANDOM can combine several): where (a JSON pointer,
 * also the sort key), the highest node the operation modifies ({@code scope}: only the path down to it
 * needs copying) and how. An operation returns false when its target is gone (an earlier change in a
 * combination removed it) rather than failing.
 */
record Edit(Mutation.Kind kind, String description, String pointer, String scope, Op op) {

    interface Op {
        boolean apply(ObjectNode root);
    }

    /**
     * Later document positions first: applied in this order, removing or appending an array item never
     * shifts the target of a change still to apply, and a descendant is changed before its ancestor.
     */
    static final Comparator<Edit> LAST_FIRST = (a, b) -> comparePointers(b.pointer(), a.pointer());

    static Edit remove(Mutation.Kind kind, String description, String pointer) {
        return new Edit(kind, description, pointer, parent(parent(pointer)), root -> {
            JsonPointer ptr = JsonPointer.compile(pointer);
            JsonNode parent = root.at(ptr.head());
            if (parent instanceof ArrayNode array) {
                int i = ptr.last().getMatchingIndex();
                if (i < 0 || i >= array.size()) {
                    return false;
                }
                array.remove(i);
                if (array.isEmpty()) { // FHIR JSON has no empty arrays: drop the property too
                    JsonPointer arrayPtr = ptr.head();
                    if (root.at(arrayPtr.head()) instanceof ObjectNode holder) {
                        holder.remove(arrayPtr.last().getMatchingProperty());
                    }
                }
                return true;
            }
            if (parent instanceof ObjectNode obj && obj.has(ptr.last().getMatchingProperty())) {
                obj.remove(ptr.last().getMatchingProperty());
                obj.remove("_" + ptr.last().getMatchingProperty());
                return true;
            }
            return false;
        });
    }

    /** Replaces the node at {@code pointer} (which must exist) by a copy of {@code value}. */
    static Edit set(Mutation.Kind kind, String description, String pointer, JsonNode value) {
        return new Edit(kind, description, pointer, parent(pointer), root -> {
            JsonPointer ptr = JsonPointer.compile(pointer);
            JsonNode parent = root.at(ptr.head());
            JsonNode old = root.at(ptr);
            if (old.isMissingNode() || old.equals(value)) {
                return false;
            }
            if (parent instanceof ArrayNode array) {
                array.set(ptr.last().getMatchingIndex(), value.deepCopy());
                return true;
            }
            if (parent instanceof ObjectNode obj) {
                obj.set(ptr.last().getMatchingProperty(), value.deepCopy());
                return true;
            }
            return false;
        });
    }

    /** Adds a copy of {@code value} to the array {@code field} (created if absent) of the object at objectPointer. */
    static Edit add(Mutation.Kind kind, String description, String objectPointer, String field, int position,
            JsonNode value) {
        return new Edit(kind, description, objectPointer + "/" + field + "/" + position, objectPointer, root -> {
            JsonNode obj = root.at(objectPointer);
            if (!(obj instanceof ObjectNode o) || (o.has(field) && !o.get(field).isArray())) {
                return false;
            }
            o.withArrayProperty(field).add(value.deepCopy());
            return true;
        });
    }

    /** Puts {@code field} (replacing any value) into the object at {@code objectPointer}. */
    static Edit put(Mutation.Kind kind, String description, String objectPointer, String field, JsonNode value) {
        return new Edit(kind, description, objectPointer + "/" + field, objectPointer, root -> {
            if (!(root.at(objectPointer) instanceof ObjectNode o) || value.equals(o.get(field))) {
                return false;
            }
            o.set(field, value.deepCopy());
            return true;
        });
    }

    static String parent(String pointer) {
        return pointer.substring(0, Math.max(0, pointer.lastIndexOf('/')));
    }

    /**
     * Makes the nodes from the root down to {@code scope} the copy's own (the subtree at scope deeply,
     * its ancestors shallowly), so an operation within scope leaves the original Bundle untouched.
     */
    static void own(ObjectNode root, String scope) {
        JsonNode node = root;
        String[] tokens = scope.isEmpty() ? new String[0] : scope.substring(1).split("/");
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i].replace("~1", "/").replace("~0", "~");
            JsonNode child = node.isArray() && t.matches("\\d+") ? node.get(Integer.parseInt(t)) : node.get(t);
            if (child == null || child.isValueNode()) {
                return;
            }
            JsonNode copy = i == tokens.length - 1 ? child.deepCopy() : shallow(child);
            if (node instanceof ArrayNode a) {
                a.set(Integer.parseInt(t), copy);
            } else {
                ((ObjectNode) node).set(t, copy);
            }
            node = copy;
        }
    }

    static JsonNode shallow(JsonNode node) {
        if (node instanceof ObjectNode o) {
            return o.objectNode().setAll(o);
        }
        return ((ArrayNode) node).arrayNode().addAll((ArrayNode) node);
    }

    /** Token by token; array indexes compared as numbers, a prefix before what it prefixes. */
    static int comparePointers(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d+") && y[i].matches("\\d+")
                    ? Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
