package org.imsfhir.adapter.validation.compiled;

import static org.imsfhir.adapter.validation.compiled.Mutation.Kind.PRIMITIVE;
import static org.imsfhir.adapter.validation.compiled.Mutation.Kind.WRONG_REFERENCE_TARGET;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/** WRONG_REFERENCE_TARGET and PRIMITIVE. */
final class ValueEdits {

    /** A value each primitive type's lexical rules (or value range) reject. */
    private static final Map<String, JsonNode> INVALID = Map.ofEntries(
            Map.entry("date", TextNode.valueOf("2026-13-45")),
            Map.entry("dateTime", TextNode.valueOf("2026-13-45T10:00:00Z")),
            Map.entry("instant", TextNode.valueOf("2026-13-45T10:00:00.000Z")),
            Map.entry("time", TextNode.valueOf("25:61:00")),
            Map.entry("positiveInt", IntNode.valueOf(0)),
            Map.entry("unsignedInt", IntNode.valueOf(-1)),
            Map.entry("integer", DecimalNode.valueOf(new BigDecimal("1.5"))),
            Map.entry("string", TextNode.valueOf("   ")),
            Map.entry("markdown", TextNode.valueOf("   ")),
            Map.entry("id", TextNode.valueOf("bad/id")),
            Map.entry("code", TextNode.valueOf(" bad  code ")),
            Map.entry("uri", TextNode.valueOf("not a uri")),
            Map.entry("url", TextNode.valueOf("not a url")),
            Map.entry("canonical", TextNode.valueOf("not a canonical")),
            Map.entry("uuid", TextNode.valueOf("urn:uuid:not-a-uuid")),
            Map.entry("oid", TextNode.valueOf("urn:oid:1.x")),
            Map.entry("base64Binary", TextNode.valueOf("!!not base64!!")));

    private ValueEdits() {
    }

    /**
     * Each present {@code reference} to an entry's fullUrl points to an entry of another resource type
     * (picked per site, deterministically); each urn:uuid reference also to a urn:uuid of no entry.
     */
    static void references(List<Site> sites, List<String> fullUrls, List<String> types, Consumer<Edit> out) {
        for (Site s : sites) {
            if (!"reference".equals(s.key()) || s.index() != null || !s.node().isTextual()) {
                continue;
            }
            int target = fullUrls.indexOf(s.node().asText());
            if (target >= 0) {
                List<Integer> others = IntStream.range(0, types.size())
                        .filter(j -> fullUrls.get(j) != null && !types.get(j).equals(types.get(target)))
                        .boxed().toList();
                if (!others.isEmpty()) {
                    int j = others.get(Math.floorMod(s.pointer().hashCode(), others.size()));
                    out.accept(Edit.set(WRONG_REFERENCE_TARGET, "WRONG_REFERENCE_TARGET " + s.where() + " -> entry["
                            + j + "] " + types.get(j), s.pointer(), TextNode.valueOf(fullUrls.get(j))));
                }
            }
            if (s.node().asText().startsWith("urn:uuid:")) {
                UUID missing = UUID.nameUUIDFromBytes(("no entry " + s.pointer()).getBytes(StandardCharsets.UTF_8));
                out.accept(Edit.set(WRONG_REFERENCE_TARGET, "WRONG_REFERENCE_TARGET " + s.where()
                        + " -> urn:uuid of no entry", s.pointer(), TextNode.valueOf("urn:uuid:" + missing)));
            }
        }
    }

    /**
     * A few primitives: the first of each primitive type in the resource gets a value its type rejects
     * (where one exists in {@link #INVALID}) and, separately, a value of the wrong JSON type (a number or
     * boolean as a string, a string as a number).
     */
    static void primitives(List<Site> sites, Consumer<Edit> out) {
        Set<String> seen = new HashSet<>();
        for (Site s : sites) {
            String type = s.type();
            // not meta: a broken meta.profile would unhook the resource from its profile
            if (s.isRoot() || !s.node().isValueNode() || type == null || !Character.isLowerCase(type.charAt(0))
                    || s.path().contains(".meta.") || !seen.add(type)) {
                continue;
            }
            JsonNode invalid = INVALID.get(type);
            if (invalid != null) {
                out.accept(Edit.set(PRIMITIVE, "PRIMITIVE " + s.where() + " invalid " + type, s.pointer(), invalid));
            }
            boolean text = s.node().isTextual();
            out.accept(Edit.set(PRIMITIVE, "PRIMITIVE " + s.where() + " " + type + " as a JSON "
                    + (text ? "number" : "string"),
                    s.pointer(), text ? IntNode.valueOf(42) : TextNode.valueOf(s.node().asText())));
        }
    }
}
