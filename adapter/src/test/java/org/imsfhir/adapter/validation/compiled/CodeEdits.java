package org.imsfhir.adapter.validation.compiled;

import static org.imsfhir.adapter.validation.compiled.Mutation.Kind.WRONG_CODE;
import static org.imsfhir.adapter.validation.compiled.Mutation.Kind.WRONG_FIXED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** WRONG_CODE (bindings) and WRONG_FIXED (fixed[x] / pattern[x]). */
final class CodeEdits {

    static final String NOT_A_CODE = "zz-not-a-code";

    private CodeEdits() {
    }

    /**
     * Each present code, Coding or CodeableConcept with a binding (any strength) gets a made-up code, and
     * separately a real code of an IMS CodeSystem its value set does not draw on. In a CodeableConcept
     * every coding is changed: one coding still in the value set would satisfy the binding.
     */
    static void wrongCode(List<Site> sites, CodePool pool, Consumer<Edit> out) {
        for (Site s : sites) {
            if (s.isArray() || s.ed() == null || !s.ed().hasBinding() || !s.ed().getBinding().hasValueSet()) {
                continue;
            }
            String vs = s.ed().getBinding().getValueSet();
            String vsName = vs.replaceFirst("\\|.*$", "").substring(vs.lastIndexOf('/') + 1);
            String head = "WRONG_CODE " + s.where();
            JsonNode n = s.node();
            if ("code".equals(s.type()) && n.isTextual()) {
                out.accept(Edit.set(WRONG_CODE, head + " code not in " + vsName, s.pointer(),
                        TextNode.valueOf(NOT_A_CODE)));
                CodePool.Code c = pool.foreign(vs, Set.of(n.asText()), s.pointer());
                if (c != null) {
                    out.accept(Edit.set(WRONG_CODE, head + " code of " + name(c.system()), s.pointer(),
                            TextNode.valueOf(c.code())));
                }
            } else if ("Coding".equals(s.type()) && n.has("code")) {
                out.accept(Edit.set(WRONG_CODE, head + ".code not in " + vsName, s.pointer() + "/code",
                        TextNode.valueOf(NOT_A_CODE)));
                CodePool.Code c = pool.foreign(vs, Set.of(n.path("system").asText()), s.pointer());
                if (c != null) {
                    out.accept(Edit.set(WRONG_CODE, head + " coding of " + name(c.system()), s.pointer(), coding(c)));
                }
            } else if ("CodeableConcept".equals(s.type()) && n.path("coding").size() > 0) {
                String codings = s.pointer() + "/coding";
                out.accept(new Edit(WRONG_CODE, head + ".coding[*].code not in " + vsName, codings, codings,
                        root -> {
                    boolean changed = false;
                    for (JsonNode coding : root.at(codings)) {
                        if (coding instanceof ObjectNode o && !NOT_A_CODE.equals(o.path("code").asText(null))) {
                            o.put("code", NOT_A_CODE);
                            changed = true;
                        }
                    }
                    return changed;
                }));
                Set<String> avoid = new HashSet<>();
                n.path("coding").forEach(c -> avoid.add(c.path("system").asText()));
                CodePool.Code c = pool.foreign(vs, avoid, s.pointer());
                if (c != null) {
                    out.accept(Edit.set(WRONG_CODE, head + ".coding replaced by a coding of " + name(c.system()),
                            codings,
                            BundleMutator.MAPPER.createArrayNode().add(coding(c))));
                }
            }
        }
    }

    private static ObjectNode coding(CodePool.Code c) {
        ObjectNode o = BundleMutator.MAPPER.createObjectNode().put("system", c.system()).put("code", c.code());
        return c.display() == null ? o : o.put("display", c.display());
    }

    private static String name(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** For each element with fixed[x] or pattern[x], each primitive the value carries gets a different value. */
    static void wrongFixed(List<Site> sites, ProfileIndex index, Consumer<Edit> out) {
        for (Site s : sites) {
            JsonNode fixed = s.isArray() ? null : index.fixedOrPattern(s.ed());
            if (fixed == null) {
                continue;
            }
            String how = s.ed().hasFixed() ? " (fixed)" : " (pattern)";
            List<String[]> leaves = new ArrayList<>();
            leaves(fixed, s.node(), s.pointer(), s.path(), leaves);
            for (String[] leaf : leaves) {
                out.accept(Edit.set(WRONG_FIXED, "WRONG_FIXED entry[" + s.entry() + "] " + leaf[1] + how, leaf[0],
                        different(s.node().at(leaf[0].substring(s.pointer().length())))));
            }
        }
    }

    /** Pointer and path of each instance primitive the fixed/pattern value constrains. */
    private static void leaves(JsonNode pattern, JsonNode node, String ptr, String path, List<String[]> out) {
        if (pattern.isValueNode() && node.isValueNode()) {
            out.add(new String[] {ptr, path});
        } else if (pattern.isObject() && node.isObject()) {
            pattern.fieldNames().forEachRemaining(f -> {
                if (node.has(f)) {
                    leaves(pattern.get(f), node.get(f), ptr + "/" + f, path + "." + f, out);
                }
            });
        } else if (pattern.isArray() && node.isArray()) {
            for (JsonNode p : pattern) {
                for (int j = 0; j < node.size(); j++) {
                    if (ProfileIndex.contains(p, node.get(j))) {
                        leaves(p, node.get(j), ptr + "/" + j, path + "[" + j + "]", out);
                        break;
                    }
                }
            }
        }
    }

    /** Another value of the same JSON type. */
    static JsonNode different(JsonNode v) {
        if (v.isBoolean()) {
            return BooleanNode.valueOf(!v.booleanValue());
        }
        if (v.isIntegralNumber()) {
            return LongNode.valueOf(v.longValue() + 1);
        }
        if (v.isNumber()) {
            return DecimalNode.valueOf(v.decimalValue().add(BigDecimal.ONE));
        }
        return TextNode.valueOf(v.asText() + "-mutated");
    }
}
