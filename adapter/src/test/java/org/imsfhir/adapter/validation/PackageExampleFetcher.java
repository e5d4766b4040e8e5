package org.imsfhir.adapter.validation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.model.CanonicalResource;
import org.hl7.fhir.r5.model.CanonicalType;
import org.hl7.fhir.r5.utils.validation.IResourceValidator;
import org.hl7.fhir.r5.utils.validation.IValidatorResourceFetcher;

/**
 * Lets the HL7 engine resolve the package examples' references to each other
 * ({@code Patient/ims-example-patient}, ...) from the examples themselves, as an IG publisher does.
 * Everything else stays unresolved: nothing is fetched from anywhere.
 */
final class PackageExampleFetcher implements IValidatorResourceFetcher {

    private final IWorkerContext context;
    private final Map<String, byte[]> byReference = new HashMap<>();

    PackageExampleFetcher(IWorkerContext context, Map<String, String> jsonByReference) {
        this.context = context;
        jsonByReference.forEach((ref, json) -> byReference.put(ref, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Element fetch(IResourceValidator validator, Object appContext, String url) throws IOException {
        String[] parts = url.split("/");
        if (parts.length < 2) {
            return null;
        }
        byte[] json = byReference.get(parts[parts.length - 2] + "/" + parts[parts.length - 1]);
        return json == null ? null
                : Manager.parseSingle(context, new ByteArrayInputStream(json), Manager.FhirFormat.JSON);
    }

    @Override
    public boolean resolveURL(IResourceValidator validator, Object appContext, String path, String url, String type,
            boolean canonical, java.util.List<CanonicalType> targets) {
        return false;
    }

    @Override
    public byte[] fetchRaw(IResourceValidator validator, String url) {
        return null;
    }

    @Override
    public IValidatorResourceFetcher setLocale(Locale locale) {
        return this;
    }

    @Override
    public CanonicalResource fetchCanonicalResource(IResourceValidator validator, Object appContext, String url) {
        return null;
    }

    @Override
    public boolean fetchesCanonicalResource(IResourceValidator validator, String url) {
        return false;
    }

    @Override
    public Set<ResourceVersionInformation> fetchCanonicalResourceVersions(IResourceValidator validator,
            Object appContext, String url) {
        return Set.of();
    }
}
