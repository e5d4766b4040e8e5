package org.imsfhir.adapter.registry;

import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Resource;
import org.imsfhir.adapter.ImsToFhirConverter;

/**
 * Writes a registry batch in the FHIR Bulk Data export layout: one {@code <Type>.ndjson} file per
 * resource type (one compact JSON resource a line, UTF-8, {@code \n}) and a {@code manifest.json}
 * as a Bulk Data status response gives it ({@code transactionTime}, {@code request},
 * {@code requiresAccessToken} false, {@code output[]} with type/url/count, {@code error[]}), plus
 * the batch id in {@code extension} so a receiver can spot a batch delivered twice.
 *
 * <p>A resource that occurs in several sessions (the practitioner, the clinic, a patient with two
 * sessions) is written once: the last version, at its first position. Files and manifest entries
 * are in resource type order, so the same resources give byte-identical files.
 */
public final class BulkBatchWriter {
    public static final String MANIFEST = "manifest.json";
    public static final String NDJSON_SUFFIX = ".ndjson";
    /** Manifest extension key naming the batch (stable across re-deliveries of the same batch). */
    public static final String EXT_BATCH_ID = "https://ims-fhir-adapter.github.io/ig/bulk/batch-id";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param dir             an existing, empty folder
     * @param outputBaseUrl   prefix of each file's {@code url} in the manifest (e.g. the push
     *                        endpoint's download base); empty: the bare file name, relative to the manifest
     * @param request         the request that made the batch ({@code request} in the manifest)
     */
    public BulkManifest write(Path dir, String batchId, List<Resource> resources, Instant transactionTime,
                              String request, String outputBaseUrl) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(batchId, "batchId");
        Map<String, Map<String, Resource>> byType = new TreeMap<>();
        for (Resource r : resources) {
            if (!r.hasIdElement() || r.getIdElement().getIdPart() == null) {
                throw new IllegalArgumentException("bulk output needs resource ids (" + r.fhirType() + ")");
            }
            byType.computeIfAbsent(r.fhirType(), t -> new LinkedHashMap<>()).put(r.getIdElement().getIdPart(), r);
        }
        IParser parser = ImsToFhirConverter.fhirContext().newJsonParser().setPrettyPrint(false);
        List<BulkManifest.Output> outputs = new ArrayList<>();
        for (Map.Entry<String, Map<String, Resource>> e : byType.entrySet()) {
            String file = e.getKey() + NDJSON_SUFFIX;
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(file), StandardCharsets.UTF_8)) {
                for (Resource r : e.getValue().values()) {
                    w.write(parser.encodeResourceToString(r));
                    w.write('\n');
                }
            }
            String base = outputBaseUrl == null ? "" : outputBaseUrl;
            outputs.add(new BulkManifest.Output(e.getKey(), base + file, e.getValue().size()));
        }
        BulkManifest manifest = new BulkManifest(batchId, transactionTime, request, outputs);
        Files.writeString(dir.resolve(MANIFEST), manifestJson(manifest), StandardCharsets.UTF_8);
        return manifest;
    }

    /** The manifest as the Bulk Data specification lays it out. */
    public static String manifestJson(BulkManifest m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("transactionTime", DateTimeFormatter.ISO_INSTANT.format(m.transactionTime()));
        root.put("request", m.request());
        root.put("requiresAccessToken", false);
        ArrayNode output = root.putArray("output");
        for (BulkManifest.Output o : m.output()) {
            output.addObject().put("type", o.type()).put("url", o.url()).put("count", o.count());
        }
        root.putArray("error");
        root.putObject("extension").put(EXT_BATCH_ID, m.batchId());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
