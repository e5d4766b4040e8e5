package org.imsfhir.profiles.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code .index.json} of an NPM FHIR package folder (index-version 1): one entry per resource
 * file, sorted by file name, as FHIR tools expect to find it next to the resources.
 */
public final class PackageIndex {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PackageIndex() {
    }

    public static ObjectNode of(Path folder) throws IOException {
        ObjectNode index = JSON.createObjectNode();
        index.put("index-version", 1);
        ArrayNode files = index.putArray("files");
        for (Path file : resourceFiles(folder)) {
            JsonNode resource = JSON.readTree(file.toFile());
            ObjectNode entry = files.addObject();
            entry.put("filename", file.getFileName().toString());
            copy(resource, entry, "resourceType");
            copy(resource, entry, "id");
            copy(resource, entry, "url");
            copy(resource, entry, "version");
            copy(resource, entry, "kind");
            copy(resource, entry, "type");
        }
        return index;
    }

    public static void write(Path folder) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(folder.resolve(".index.json").toFile(), of(folder));
    }

    /** The FHIR resource files of a package folder: *.json except the manifest and the index. */
    public static List<Path> resourceFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().equals("package.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value != null && value.isTextual()) {
            to.put(field, value.asText());
        }
    }
}
