package org.imsfhir.adapter.validation.compiled;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.imsfhir.adapter.validation.ImsPackage;
import org.imsfhir.adapter.validation.compiled.Mutation.Kind;

/**
 * Deterministic, profile-guided mutations of an IMS transaction Bundle, for differential tests of
 * validators. Each entry resource whose {@code meta.profile[0]} is an IMS profile is walked against the
 * profile snapshot ({@link ResourceWalker}); each kind of {@link Kind} then proposes edits of the JSON:
 * <ul>
 * <li>REMOVE, REPEAT, UNKNOWN_EXTENSION: {@link StructureEdits};
 * <li>WRONG_CODE, WRONG_FIXED: {@link CodeEdits};
 * <li>BREAK_INVARIANT: {@link InvariantBreaker} (pattern-based, best effort);
 * <li>WRONG_REFERENCE_TARGET, PRIMITIVE: {@link ValueEdits};
 * <li>RANDOM: 2 or 3 of the above applied together, drawn with {@code SplittableRandom(seed)}.
 * </ul>
 * A mutation is meant to be invalid, or at least different: the validators under test decide. The result
 * lists the single edits by kind (in Kind order, then document order), then the combinations. None
 * equals the input and, within a kind, no two are the same JSON (across kinds the same JSON can recur,
 * e.g. a REMOVE that also breaks an invariant). Thread-safe: calls are serialised because the element
 * lookups cache lazily.
 *
 * <p>Limits: only entry resources are mutated (not Bundle.type, entry.request, fullUrl); resources without
 * an IMS profile are skipped; invariants are broken by pattern, not by evaluating FHIRPath, so an edit may
 * leave one satisfied (e.g. ims-ae-1 needs a pneumothorax event to bite) and some have no breaker;
 * REPEAT never turns a scalar (base max 1) into an array; slices are matched by url, fixed or pattern
 * only (choice type slices by JSON name; profile discriminators are not used).
 */
public final class BundleMutator {

    /** Decimals kept exactly as written (0.30 stays 0.30), so untouched values re-serialise unchanged. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private final ProfileIndex index;
    private final CodePool codes;
    private final ResourceWalker walker;

    public BundleMutator(ImsPackage pkg, FhirContext ctx) {
        this.index = new ProfileIndex(pkg.conformanceResources(), ctx, MAPPER);
        this.codes = new CodePool(pkg.conformanceResources());
        this.walker = new ResourceWalker(index);
    }

    /** Every single mutation of the Bundle, then {@code randomCombinations} combinations (fewer if it runs out). */
    public synchronized List<Mutation> mutations(String bundleJson, long seed, int randomCombinations) {
        ObjectNode bundle = parse(bundleJson);
        String input = write(bundle); // the input as serialised here: what "unchanged" looks like
        JsonNode entries = bundle.path("entry");
        List<String> fullUrls = new ArrayList<>();
        List<String> types = new ArrayList<>();
        entries.forEach(e -> {
            fullUrls.add(e.path("fullUrl").asText(null));
            types.add(e.path("resource").path("resourceType").asText(""));
        });
        Map<Kind, List<Edit>> byKind = new EnumMap<>(Kind.class);
        Consumer<Edit> sink = e -> byKind.computeIfAbsent(e.kind(), k -> new ArrayList<>()).add(e);
        for (int i = 0; i < entries.size(); i++) {
            JsonNode resource = entries.get(i).path("resource");
            StructureDefinition sd = index.ims(resource.path("meta").path("profile").path(0).asText(null));
            if (sd == null || sd.getKind() != StructureDefinition.StructureDefinitionKind.RESOURCE
                    || !sd.getType().equals(resource.path("resourceType").asText())) {
                continue; // no IMS profile: nothing to be guided by
            }
            List<Site> sites = walker.walk(i, resource, "/entry/" + i + "/resource", sd);
            StructureEdits.remove(sites, sink);
            StructureEdits.repeat(sites, sink);
            CodeEdits.wrongCode(sites, codes, sink);
            CodeEdits.wrongFixed(sites, index, sink);
            InvariantBreaker.breakAll(sites, sink);
            StructureEdits.unknownExtension(sites, sink);
            ValueEdits.references(sites, fullUrls, types, sink);
            ValueEdits.primitives(sites, sink);
        }
        List<Mutation> out = new ArrayList<>();
        List<Edit> singles = new ArrayList<>();
        Set<String> all = new HashSet<>();
        for (Kind kind : Kind.values()) {
            Set<String> seen = new HashSet<>();
            for (Edit e : byKind.getOrDefault(kind, List.of())) {
                String json = apply(bundle, input, List.of(e));
                if (json != null && seen.add(json)) {
                    out.add(new Mutation(kind.name(), e.description(), json));
                    singles.add(e);
                    all.add(json);
                }
            }
        }
        out.addAll(combinations(bundle, input, singles, all, seed, randomCombinations));
        return out;
    }

    private static List<Mutation> combinations(ObjectNode bundle, String input, List<Edit> singles, Set<String> seen,
            long seed, int n) {
        List<Mutation> out = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (int attempt = 0; singles.size() >= 2 && out.size() < n && attempt < 10 * n; attempt++) {
            int k = Math.min(singles.size(), 2 + random.nextInt(2));
            List<Edit> chosen = new ArrayList<>();
            while (chosen.size() < k) {
                Edit e = singles.get(random.nextInt(singles.size()));
                if (!chosen.contains(e)) {
                    chosen.add(e);
                }
            }
            String json = apply(bundle, input, chosen);
            if (json != null && seen.add(json)) { // not the input, a single mutation or an earlier combination
                out.add(new Mutation(Kind.RANDOM.name(), "RANDOM " + chosen.stream().map(Edit::description)
                        .collect(Collectors.joining(" + ")), json));
            }
        }
        return out;
    }

    /** The edits applied to a copy, later positions first; null if nothing changed. */
    private static String apply(ObjectNode bundle, String input, List<Edit> edits) {
        ObjectNode copy = (ObjectNode) Edit.shallow(bundle); // copy on write: only the edited paths are copied
        List<Edit> ordered = new ArrayList<>(edits);
        ordered.sort(Edit.LAST_FIRST);
        boolean changed = false;
        for (Edit e : ordered) {
            Edit.own(copy, e.scope());
            changed |= e.op().apply(copy);
        }
        String json = changed ? write(copy) : null;
        return input.equals(json) ? null : json;
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode parse(String json) {
        try {
            if (MAPPER.readTree(json) instanceof ObjectNode o && "Bundle".equals(o.path("resourceType").asText())) {
                return o;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        throw new IllegalArgumentException("not a Bundle");
    }
}
