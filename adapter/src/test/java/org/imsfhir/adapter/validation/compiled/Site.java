package org.imsfhir.adapter.validation.compiled;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * A node of a resource's JSON met by {@link ResourceWalker}, with the element that describes it.
 *
 * @param entry       index of the Bundle entry
 * @param pointer     JSON pointer from the Bundle root
 * @param path        resource type and JSON path, e.g. {@code Procedure.extension[0].extension[2]}
 * @param key         JSON property name (for an array item, the array's name); null for the resource itself
 * @param index       position in its array, or null if the node is a property value (scalar, object or array)
 * @param sd          the StructureDefinition holding {@code ed}
 * @param ed          the element (a slice if an array item matched one), or null if unknown
 * @param type        the FHIR type of the node (choice types resolved from the JSON name), or null
 * @param constraints the invariants declared on the element (ele-, ext-, dom- ones left out)
 */
record Site(int entry, String pointer, String path, String key, Integer index, JsonNode node,
        StructureDefinition sd, ElementDefinition ed, String type,
        List<ElementDefinition.ElementDefinitionConstraintComponent> constraints) {

    boolean isRoot() {
        return key == null;
    }

    /** The whole value of an array property (its items are separate sites). */
    boolean isArray() {
        return index == null && node.isArray();
    }

    boolean isExtension() {
        return index != null && ("extension".equals(key) || "modifierExtension".equals(key));
    }

    /** Pointer of the object or array holding this node. */
    String parentPointer() {
        return pointer.substring(0, pointer.lastIndexOf('/'));
    }

    String resourceType() {
        return path.substring(0, path.contains(".") ? path.indexOf('.') : path.length());
    }

    /** For descriptions: {@code entry[7] Procedure.extension[0]}; never a value. */
    String where() {
        return "entry[" + entry + "] " + path;
    }
}
