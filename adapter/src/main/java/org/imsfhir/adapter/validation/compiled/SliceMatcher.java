package org.imsfhir.adapter.validation.compiled;

import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Property;

/**
 * Tells which slice an occurrence of a sliced element belongs to, with the discriminators our
 * profiles use: value/pattern on {@code url} (extensions), on {@code $this} and on a child (coding
 * and identifier slices), and type on {@code $this}. Any other discriminator is "unsupported", so
 * the Bundle goes to the HL7 validator rather than being guessed at.
 */
final class SliceMatcher {

    private SliceMatcher() {
    }

    /** The matching slice, or null when none matches; sets the state's unsupported reason when it cannot tell. */
    static ElementRule match(WalkState state, ElementRule sliced, Base value) {
        for (ElementRule slice : sliced.slices) {
            boolean all = true;
            for (ElementRule.Discriminator d : sliced.discriminators) {
                Boolean m = matches(d, slice, value);
                if (m == null) {
                    state.unsupported("slice discriminator " + d.type() + ":" + d.path() + " at " + sliced);
                    return null;
                }
                all &= m;
            }
            if (all) {
                return slice;
            }
        }
        return null;
    }

    private static Boolean matches(ElementRule.Discriminator d, ElementRule slice, Base value) {
        switch (d.type()) {
            case "value", "pattern" -> {
                if (d.path().equals("url") && value instanceof Extension ext) {
                    String url = extensionUrl(slice);
                    return url == null ? null : url.equals(ext.getUrl());
                }
                if (d.path().equals("$this")) {
                    Base expected = slice.pattern != null ? slice.pattern : slice.fixed;
                    return expected == null ? null : Patterns.matches(value, expected);
                }
                if (d.path().matches("[a-zA-Z]+")) {
                    ElementRule child = child(slice, d.path());
                    Base expected = child == null ? null : child.pattern != null ? child.pattern : child.fixed;
                    if (expected == null) {
                        return null;
                    }
                    Property p = value.getNamedProperty(d.path());
                    return p != null && p.getValues().stream().anyMatch(v -> Patterns.matches(v, expected));
                }
                return null;
            }
            case "type" -> {
                return d.path().equals("$this") ? slice.types.contains(value.fhirType()) : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** The url a slice of extensions stands for: its extension definition, or its fixed url. */
    static String extensionUrl(ElementRule slice) {
        List<String> profiles = slice.typeProfiles.get("Extension");
        if (profiles != null && !profiles.isEmpty()) {
            return profiles.get(0);
        }
        ElementRule url = child(slice, "url");
        Base fixed = url == null ? null : url.fixed != null ? url.fixed : url.pattern;
        return fixed == null ? null : fixed.primitiveValue();
    }

    private static ElementRule child(ElementRule rule, String name) {
        for (ElementRule c : rule.children) {
            if (Objects.equals(c.name, name)) {
                return c;
            }
        }
        return null;
    }
}
