package org.imsfhir.adapter.validation.compiled;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.ElementDefinition.ElementDefinitionConstraintComponent;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.imsfhir.adapter.validation.compiled.ProfileIndex.Scope;

/**
 * Walks a resource's JSON against its profile snapshot, depth first in document order, and lists every
 * node with its element: array values and each of their items, scalars, objects. Extensions switch to
 * their own StructureDefinition (found by url), unconstrained datatypes to the R4 core definition.
 */
final class ResourceWalker {

    private final ProfileIndex index;

    ResourceWalker(ProfileIndex index) {
        this.index = index;
    }

    List<Site> walk(int entry, JsonNode resource, String pointer, StructureDefinition profile) {
        List<Site> out = new ArrayList<>();
        String type = profile.getType();
        ElementDefinition root = index.element(profile, type);
        out.add(new Site(entry, pointer, type, null, null, resource, profile, root, type, constraints(root, null)));
        object(entry, resource, pointer, type, new Scope(profile, type), out);
        return out;
    }

    private void object(int entry, JsonNode obj, String ptr, String path, Scope scope, List<Site> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            if (name.equals("resourceType") || name.startsWith("_")) {
                continue; // primitive extensions (_name) are not mutated
            }
            ElementDefinition ed = scope == null ? null : index.child(scope, name);
            StructureDefinition sd = scope == null ? null : scope.sd();
            String type = ProfileIndex.typeCode(ed, name);
            if (type == null && (name.equals("extension") || name.equals("modifierExtension"))) {
                type = "Extension";
            }
            String p = ptr + "/" + name.replace("~", "~0").replace("/", "~1");
            String pa = path + "." + name;
            JsonNode value = f.getValue();
            if (!value.isArray()) {
                Scope inner = value.isObject() ? index.childScope(sd, ed, type, value) : null;
                out.add(new Site(entry, p, pa, name, null, value, sd, ed, type, constraints(ed, inner)));
                if (inner != null || value.isObject()) {
                    object(entry, value, p, pa, inner, out);
                }
                continue;
            }
            out.add(new Site(entry, p, pa, name, null, value, sd, ed, type, List.of()));
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                ElementDefinition ied = ed;
                if (ed != null && sd != null && (ed.hasSlicing() || "Extension".equals(type))) {
                    ElementDefinition slice = index.slice(sd, ed, item);
                    ied = slice != null ? slice : ed;
                }
                String itype = ied == ed ? type : ProfileIndex.typeCode(ied, name);
                Scope inner = item.isObject() ? index.childScope(sd, ied, itype, item) : null;
                out.add(new Site(entry, p + "/" + i, pa + "[" + i + "]", name, i, item, sd, ied, itype,
                        constraints(ied, inner)));
                if (item.isObject()) {
                    object(entry, item, p + "/" + i, pa + "[" + i + "]", inner, out);
                }
            }
        }
    }

    /**
     * The element's invariants, plus those of an extension definition the node switches to (its root);
     * the generic ones every element or extension has (ele-, ext-, dom-) are left out. Deduplicated by key.
     */
    private static List<ElementDefinitionConstraintComponent> constraints(ElementDefinition ed, Scope inner) {
        Map<String, ElementDefinitionConstraintComponent> byKey = new LinkedHashMap<>();
        List<ElementDefinition> from = new ArrayList<>();
        if (ed != null) {
            from.add(ed);
        }
        if (inner != null && inner.id().equals("Extension")) {
            from.add(inner.sd().getSnapshot().getElementFirstRep());
        }
        for (ElementDefinition e : from) {
            for (ElementDefinitionConstraintComponent c : e.getConstraint()) {
                String key = c.getKey();
                boolean generic = key.startsWith("ele-") || key.startsWith("ext-") || key.startsWith("dom-");
                if (c.hasExpression() && !generic) {
                    byKey.putIfAbsent(key, c);
                }
            }
        }
        return List.copyOf(byKey.values());
    }
}
