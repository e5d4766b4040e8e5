package org.imsfhir.adapter.validation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.model.CanonicalType;
import org.hl7.fhir.r5.model.ElementDefinition;
import org.hl7.fhir.r5.model.ElementDefinition.DiscriminatorType;
import org.hl7.fhir.r5.model.ElementDefinition.ElementDefinitionSlicingDiscriminatorComponent;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.validation.instance.utils.ElementInfo;

/**
 * The url each slice of an extension slicing (discriminator: value of {@code url}) stands for, so that
 * an extension can be told "not this slice" without the HL7 validator's FHIRPath test.
 *
 * <p>A slice's url is the canonical of its extension profile ({@code Procedure.extension:needledSite},
 * type Extension with profile ims-needled-site) or the fixed url of its {@code .url} child (the
 * sub-extension {@code Extension.extension:muscle}, url fixed to {@code muscle}). Slices with neither,
 * with both but different, or with a versioned profile have no url here and are left to the validator.
 * Definitions never change once the validator is built, so the answers are kept (keyed by identity).
 */
final class ExtensionSliceUrls {

    private final IWorkerContext context;
    private final Map<ElementDefinition, Optional<String>> urls = new ConcurrentHashMap<>();
    private final LongAdder skipped = new LongAdder();

    ExtensionSliceUrls(IWorkerContext context) {
        this.context = context;
    }

    /**
     * True when {@code ei}, an extension under a url-sliced element, certainly does not match slice
     * {@code ed} because its url is the url of another slice of the same slicing.
     */
    boolean cannotMatch(ElementDefinition slicer, List<ElementDefinition> slices, ElementDefinition ed,
            StructureDefinition source, ElementInfo ei) {
        if (slicer == null || slicer == ed || slices == null || !isUrlSlicing(slicer)
                || !("extension".equals(ei.getName()) || "modifierExtension".equals(ei.getName()))
                || !lastSegmentIs(ed.getPath(), ei.getName())) {
            return false;
        }
        String expected = urlOf(ed, source);
        String actual = expected == null ? null : urlValue(ei.getElement());
        if (actual == null || expected.equals(actual)) {
            return false;
        }
        for (ElementDefinition other : slices) {
            if (other != ed && actual.equals(urlOf(other, source))) {
                skipped.increment();
                return true; // the slice it does match decides; this try could only fail
            }
        }
        return false;
    }

    /** Whether {@code path} ends with the segment {@code name} (without building {@code "." + name} per try). */
    private static boolean lastSegmentIs(String path, String name) {
        int dot = path.length() - name.length() - 1;
        return dot >= 0 && path.charAt(dot) == '.' && path.endsWith(name);
    }

    /** How many tries were answered "no match" here. */
    long skipped() {
        return skipped.sum();
    }

    /** The extension's url (the element model's own look-up by name resolves every child's type: slow). */
    private static String urlValue(Element extension) {
        if (extension.hasChildren()) {
            for (Element child : extension.getChildren()) {
                if ("url".equals(child.getName())) {
                    return child.primitiveValue();
                }
            }
        }
        return null;
    }

    private static boolean isUrlSlicing(ElementDefinition slicer) {
        if (!slicer.hasSlicing() || slicer.getSlicing().getDiscriminator().size() != 1) {
            return false;
        }
        ElementDefinitionSlicingDiscriminatorComponent d = slicer.getSlicing().getDiscriminator().get(0);
        return d.getType() == DiscriminatorType.VALUE && "url".equals(d.getPath());
    }

    private String urlOf(ElementDefinition slice, StructureDefinition source) {
        Optional<String> url = urls.get(slice); // get first: computeIfAbsent may lock a bin even when present
        if (url == null) {
            url = urls.computeIfAbsent(slice, s -> Optional.ofNullable(findUrl(s, source)));
        }
        return url.orElse(null);
    }

    private String findUrl(ElementDefinition slice, StructureDefinition source) {
        String fromProfile = null;
        if (slice.getType().size() == 1 && "Extension".equals(slice.getType().get(0).getWorkingCode())) {
            List<CanonicalType> profiles = slice.getType().get(0).getProfile();
            if (profiles.size() > 1 || (profiles.size() == 1 && profiles.get(0).getValue().contains("|"))) {
                return null;
            }
            if (profiles.size() == 1) {
                fromProfile = fixedUrlOfExtension(profiles.get(0).getValue());
                if (fromProfile == null) {
                    return null;
                }
            }
        }
        String fromChild = null;
        if (source != null && source.hasSnapshot() && slice.hasId()) {
            String childId = slice.getId() + ".url";
            for (ElementDefinition e : source.getSnapshot().getElement()) {
                if (childId.equals(e.getId()) && e.hasFixed()) {
                    fromChild = e.getFixed().primitiveValue();
                }
            }
        }
        if (fromProfile != null && fromChild != null && !fromProfile.equals(fromChild)) {
            return null;
        }
        return fromProfile != null ? fromProfile : fromChild;
    }

    /** The fixed {@code Extension.url} of an extension definition (its canonical), or null. */
    private String fixedUrlOfExtension(String canonical) {
        StructureDefinition ext = context.fetchResource(StructureDefinition.class, canonical);
        if (ext == null || !ext.hasSnapshot()) {
            return null;
        }
        for (ElementDefinition e : ext.getSnapshot().getElement()) {
            if ("Extension.url".equals(e.getId())) {
                return e.hasFixed() ? e.getFixed().primitiveValue() : null;
            }
        }
        return null;
    }
}
