package org.imsfhir.adapter.validation.compiled;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.model.Base;

/**
 * One element of a profile, compiled from its snapshot ElementDefinition: everything the
 * {@link CompiledValidator} needs to judge one occurrence without looking at the definition again.
 * Mutable only while {@link ProfileCompiler} builds it; read-only (and shared by threads) after.
 */
final class ElementRule {

    /** An error-severity invariant, its FHIRPath parsed once. */
    record Invariant(String key, ExpressionNode expression) {
    }

    /** How one slicing tells its slices apart. */
    record Discriminator(String type, String path) {
    }

    final String path;
    final String name;
    final String sliceName;
    final int min;
    final int max;
    /** Allowed type codes ("Quantity", "Reference", "string", ...); empty for backbone elements. */
    final List<String> types = new ArrayList<>();
    /** Type code -> the profiles it must conform to (e.g. Extension -> the extension's definition). */
    final Map<String, List<String>> typeProfiles = new java.util.HashMap<>();
    /** For Reference types: the allowed target profiles (empty: any). */
    final List<String> targetProfiles = new ArrayList<>();
    Base fixed;
    Base pattern;
    /** Required binding (the only strength that makes an error): the value set's canonical, version cut. */
    String requiredValueSet;
    final List<Invariant> invariants = new ArrayList<>();
    final List<ElementRule> children = new ArrayList<>();
    /** Slicing of this element, when it is sliced. */
    final List<Discriminator> discriminators = new ArrayList<>();
    boolean slicingClosed;
    final List<ElementRule> slices = new ArrayList<>();
    /** Why this element cannot be judged here (then any occurrence goes to the HL7 validator). */
    String unsupported;

    ElementRule(String path, String sliceName, int min, int max) {
        this.path = path;
        this.name = path.substring(path.lastIndexOf('.') + 1);
        this.sliceName = sliceName;
        this.min = min;
        this.max = max;
    }

    boolean isSliced() {
        return !discriminators.isEmpty();
    }

    /** Whether an absent element breaks a rule: it is required, or one of its slices is. */
    boolean requiredOrWithRequiredSlice() {
        if (min > 0) {
            return true;
        }
        for (ElementRule slice : slices) {
            if (slice.min > 0) {
                return true;
            }
        }
        return false;
    }

    boolean isChoice() {
        return name.endsWith("[x]");
    }

    @Override
    public String toString() {
        return path + (sliceName == null ? "" : ":" + sliceName);
    }
}
