package org.imsfhir.adapter.validation.compiled;

import static org.imsfhir.adapter.validation.compiled.Mutation.Kind.REMOVE;
import static org.imsfhir.adapter.validation.compiled.Mutation.Kind.REPEAT;
import static org.imsfhir.adapter.validation.compiled.Mutation.Kind.UNKNOWN_EXTENSION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** REMOVE, REPEAT and UNKNOWN_EXTENSION: cardinality and slicing changes, from the element min/max. */
final class StructureEdits {

    static final String UNKNOWN_URL = "https://example.org/fhir/StructureDefinition/unknown";

    private StructureEdits() {
    }

    /** Every present element with min >= 1 (a whole array, or one of its items), and every extension. */
    static void remove(List<Site> sites, Consumer<Edit> out) {
        for (Site s : sites) {
            boolean required = s.ed() != null && s.ed().getMin() >= 1;
            if (!s.isRoot() && (required || s.isExtension())) {
                out.accept(Edit.remove(REMOVE, "REMOVE " + s.where(), s.pointer()));
            }
        }
    }

    /**
     * One item past a finite max: for an array whose element allows fewer items than the base (max 1 of
     * base *), and for each slice with a finite max (a second copy of a max-1 extension). Scalars whose
     * base max is 1 stay scalars: a JSON array there is a different (structural) error.
     */
    static void repeat(List<Site> sites, Consumer<Edit> out) {
        Map<String, Integer> sliceCounts = new HashMap<>();
        for (Site s : sites) {
            if (s.index() != null && s.ed() != null && s.ed().hasSliceName()) {
                sliceCounts.merge(s.parentPointer() + "|" + s.ed().getId(), 1, Integer::sum);
            }
        }
        Set<String> done = new HashSet<>();
        for (Site s : sites) {
            if (s.ed() == null || "*".equals(s.ed().getMax()) || !s.ed().hasMax()) {
                continue;
            }
            int max = Integer.parseInt(s.ed().getMax());
            if (s.isArray() && s.node().size() <= max) {
                copies(s.pointer(), s.node().get(s.node().size() - 1), max + 1 - s.node().size(),
                        "REPEAT " + s.where() + " (max " + max + ")", out);
            } else if (s.index() != null && s.ed().hasSliceName()
                    && done.add(s.parentPointer() + "|" + s.ed().getId())) {
                int count = sliceCounts.get(s.parentPointer() + "|" + s.ed().getId());
                if (count <= max) {
                    copies(s.parentPointer(), s.node(), max + 1 - count, "REPEAT " + s.where() + " slice "
                            + s.ed().getSliceName() + " (max " + max + ")", out);
                }
            }
        }
    }

    private static void copies(String arrayPointer, JsonNode item, int n, String description, Consumer<Edit> out) {
        // the pointer sorts after the existing items (see Edit.LAST_FIRST)
        out.accept(new Edit(REPEAT, description, arrayPointer + "/" + Integer.MAX_VALUE, arrayPointer,
                root -> {
            if (!(root.at(arrayPointer) instanceof ArrayNode array)) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                array.add(item.deepCopy());
            }
            return true;
        }));
    }

    /** An extension nobody defines on the resource, and inside each present complex extension. */
    static void unknownExtension(List<Site> sites, Consumer<Edit> out) {
        ObjectNode unknown = BundleMutator.MAPPER.createObjectNode().put("url", UNKNOWN_URL).put("valueString", "x");
        for (Site s : sites) {
            if (s.isRoot()) {
                int n = s.node().path("extension").size();
                out.accept(Edit.add(UNKNOWN_EXTENSION, "UNKNOWN_EXTENSION " + s.where() + ".extension[" + n + "]",
                        s.pointer(), "extension", n, unknown));
            } else if (s.isExtension() && s.node().path("extension").isArray()) {
                int n = s.node().path("extension").size();
                out.accept(Edit.add(UNKNOWN_EXTENSION, "UNKNOWN_EXTENSION " + s.where() + ".extension[" + n + "]",
                        s.pointer(), "extension", n, unknown));
            }
        }
    }
}
