package org.imsfhir.adapter.validation.compiled;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Element lookups in snapshots: the IMS StructureDefinitions, and the R4 base datatype definitions for
 * children a profile snapshot does not list (a Reference's {@code reference}, a Coding's {@code code}).
 * Elements are addressed by id, so slices ({@code Procedure.extension:needledSite}) are distinct.
 */
final class ProfileIndex {

    /** Where the snapshot describes a JSON object's properties: an element of a StructureDefinition. */
    record Scope(StructureDefinition sd, String id) {
    }

    private static final String FHIR_TYPE_EXT =
            "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type";

    private final FhirContext ctx;
    private final ObjectMapper mapper;
    private final Map<String, StructureDefinition> ims = new HashMap<>();
    private Map<String, StructureDefinition> base;
    private final Map<StructureDefinition, Map<String, List<ElementDefinition>>> children = new IdentityHashMap<>();
    private final Map<StructureDefinition, Map<String, ElementDefinition>> byId = new IdentityHashMap<>();
    private final Map<ElementDefinition, Optional<JsonNode>> fixed = new IdentityHashMap<>();

    ProfileIndex(List<IBaseResource> conformance, FhirContext ctx, ObjectMapper mapper) {
        this.ctx = ctx;
        this.mapper = mapper;
        for (IBaseResource r : conformance) {
            if (r instanceof StructureDefinition sd && sd.hasSnapshot()) {
                // a private copy: HAPI getters create missing children, the package may be read by validators
                ims.put(sd.getUrl(), sd.copy());
            }
        }
    }

    /** The IMS StructureDefinition of a canonical URL (a {@code |version} is ignored), or null. */
    StructureDefinition ims(String url) {
        return url == null ? null : ims.get(url.replaceFirst("\\|.*$", ""));
    }

    ElementDefinition element(StructureDefinition sd, String id) {
        return index(sd).get(id);
    }

    /** The element a JSON property of an object at {@code scope} stands for (choice names resolved), or null. */
    ElementDefinition child(Scope scope, String jsonName) {
        ElementDefinition choice = null;
        for (ElementDefinition c : children(scope.sd(), scope.id())) {
            String last = last(c.getId());
            if (last.contains(":")) {
                continue;
            }
            if (last.equals(jsonName)) {
                return c;
            }
            String stem = last.endsWith("[x]") ? last.substring(0, last.length() - 3) : null;
            if (stem != null && jsonName.length() > stem.length() && jsonName.startsWith(stem)
                    && Character.isUpperCase(jsonName.charAt(stem.length()))) {
                choice = c;
            }
        }
        if (choice != null) { // a type slice (value[x]:valueQuantity) is more specific than value[x]
            ElementDefinition typed = element(scope.sd(), choice.getId() + ":" + jsonName);
            return typed != null ? typed : choice;
        }
        return null;
    }

    /** The slice of {@code el} (an element with slicing, in {@code sd}) that an array item belongs to, or null. */
    ElementDefinition slice(StructureDefinition sd, ElementDefinition el, JsonNode item) {
        String parent = parent(el.getId());
        String prefix = last(el.getId()) + ":";
        for (ElementDefinition s : children(sd, parent)) {
            String last = last(s.getId());
            if (!last.startsWith(prefix) || last.contains("/")) {
                continue;
            }
            boolean all = el.getSlicing().hasDiscriminator();
            for (var discriminator : el.getSlicing().getDiscriminator()) {
                all &= matches(sd, s, discriminator.getPath(), item);
            }
            if (!el.hasSlicing() && item.has("url")) { // extension slices without an explicit discriminator
                all = matches(sd, s, "url", item);
            }
            if (all) {
                return s;
            }
        }
        return null;
    }

    private boolean matches(StructureDefinition sd, ElementDefinition slice, String path, JsonNode item) {
        if ("url".equals(path)) {
            JsonNode url = fixedOrPattern(element(sd, slice.getId() + ".url"));
            String expected = url != null ? url.asText()
                    : slice.getType().isEmpty() || !slice.getTypeFirstRep().hasProfile() ? null
                    : slice.getTypeFirstRep().getProfile().get(0).getValue();
            return expected != null && expected.equals(item.path("url").asText(null));
        }
        ElementDefinition target = "$this".equals(path) ? slice : element(sd, slice.getId() + "." + path);
        JsonNode pattern = fixedOrPattern(target);
        JsonNode value = "$this".equals(path) ? item : item.get(path);
        return pattern != null && value != null && contains(pattern, value);
    }

    /** Where the children of a JSON object standing for {@code ed} (of type {@code type}) are described, or null. */
    Scope childScope(StructureDefinition sd, ElementDefinition ed, String type, JsonNode node) {
        if (ed != null && ed.hasContentReference()) {
            return new Scope(sd, ed.getContentReference().substring(ed.getContentReference().indexOf('#') + 1));
        }
        if ("Extension".equals(type) && ims(node.path("url").asText(null)) != null) {
            return new Scope(ims(node.path("url").asText()), "Extension");
        }
        if (ed != null && !children(sd, ed.getId()).isEmpty()) {
            return new Scope(sd, ed.getId());
        }
        StructureDefinition dt = type == null || !Character.isUpperCase(type.charAt(0)) ? null : base(type);
        return dt == null ? null : new Scope(dt, type);
    }

    /** The R4 core definition of a datatype (for its children), or null. */
    StructureDefinition base(String type) {
        if (base == null) {
            base = CoreTypes.load(ctx);
        }
        return base.get(type);
    }

    /** The FHIR type of a JSON property standing for {@code ed} ({@code valueQuantity} gives Quantity). */
    static String typeCode(ElementDefinition ed, String jsonName) {
        if (ed == null || ed.getType().isEmpty()) {
            return null;
        }
        String last = last(ed.getPath());
        if (last.endsWith("[x]")) {
            String suffix = jsonName.substring(Math.min(jsonName.length(), last.length() - 3));
            for (ElementDefinition.TypeRefComponent t : ed.getType()) {
                if (t.getCode().equalsIgnoreCase(suffix)) {
                    return t.getCode();
                }
            }
            return suffix.isEmpty() ? null : suffix; // a type the profile forbids: keep its name
        }
        ElementDefinition.TypeRefComponent t = ed.getTypeFirstRep();
        if (t.getCode().startsWith("http://hl7.org/fhirpath/System.")) {
            Extension fhirType = t.getExtensionByUrl(FHIR_TYPE_EXT);
            return fhirType != null ? fhirType.getValue().primitiveValue() : "string";
        }
        return t.getCode();
    }

    /** fixed[x] or pattern[x] of an element as JSON (null if none); converted once through a Parameters. */
    JsonNode fixedOrPattern(ElementDefinition ed) {
        if (ed == null || !(ed.hasFixed() || ed.hasPattern())) {
            return null;
        }
        return fixed.computeIfAbsent(ed, e -> {
            Parameters p = new Parameters();
            p.addParameter().setName("v").setValue(e.hasFixed() ? e.getFixed() : e.getPattern());
            try {
                String json = ctx.newJsonParser().encodeResourceToString(p);
                JsonNode param = mapper.readTree(json).path("parameter").path(0);
                for (Iterator<String> it = param.fieldNames(); it.hasNext();) {
                    String name = it.next();
                    if (name.startsWith("value")) {
                        return Optional.of(param.get(name));
                    }
                }
                return Optional.empty();
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }).orElse(null);
    }

    /** Pattern semantics: every property of the pattern is in the instance; array items match some item. */
    static boolean contains(JsonNode pattern, JsonNode instance) {
        if (pattern.isObject()) {
            if (!instance.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!instance.has(f.getKey()) || !contains(f.getValue(), instance.get(f.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (pattern.isArray()) {
            for (JsonNode p : pattern) {
                boolean found = false;
                for (JsonNode i : instance.isArray() ? instance : List.of(instance)) {
                    found |= contains(p, i);
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        return instance.isValueNode() && pattern.asText().equals(instance.asText());
    }

    List<ElementDefinition> children(StructureDefinition sd, String parentId) {
        return children.computeIfAbsent(sd, s -> {
            Map<String, List<ElementDefinition>> m = new HashMap<>();
            for (ElementDefinition e : s.getSnapshot().getElement()) {
                if (e.getId().contains(".")) {
                    m.computeIfAbsent(parent(e.getId()), k -> new ArrayList<>()).add(e);
                }
            }
            return m;
        }).getOrDefault(parentId, List.of());
    }

    private Map<String, ElementDefinition> index(StructureDefinition sd) {
        return byId.computeIfAbsent(sd, s -> {
            Map<String, ElementDefinition> m = new HashMap<>();
            s.getSnapshot().getElement().forEach(e -> m.put(e.getId(), e));
            return m;
        });
    }

    static String last(String id) {
        return id.substring(id.lastIndexOf('.') + 1);
    }

    static String parent(String id) {
        int dot = id.lastIndexOf('.');
        return dot < 0 ? "" : id.substring(0, dot);
    }
}
