package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The build's CycloneDX SBOM of the service ({@code target/ims-fhir-adapter-sbom.json}, made at
 * package) and the jar itself: the SBOM names the application and its main libraries, and both the
 * SBOM and the jar's {@code BOOT-INF/lib/} hold commons-lang3 3.18.0 or later (CVE-2025-48924).
 */
class SbomIT {

    static final String SBOM_PROPERTY = "ims.test.sbom";
    private static final int[] MIN_COMMONS_LANG3 = {3, 18, 0};
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");
    private static final Pattern LIB_COMMONS_LANG3 = Pattern.compile("BOOT-INF/lib/commons-lang3-(\\d[^/]*)\\.jar");

    private static JsonNode sbom() throws IOException {
        String configured = System.getProperty(SBOM_PROPERTY);
        Path sbom = configured != null ? Path.of(configured) : Path.of("target/ims-fhir-adapter-sbom.json");
        assertThat(sbom).as("the SBOM made by the build (mvn package)").isRegularFile();
        return new ObjectMapper().readTree(Files.readString(sbom));
    }

    /** The versions of the SBOM's components named group:name. */
    private static List<String> versions(JsonNode sbom, String group, String name) {
        List<String> versions = new ArrayList<>();
        for (JsonNode c : sbom.path("components")) {
            if (group.equals(c.path("group").asText()) && name.equals(c.path("name").asText())) {
                versions.add(c.path("version").asText());
            }
        }
        return versions;
    }

    /** Whether a version (3.18.0, 3.20, 3.18.0-SNAPSHOT...) is at least the given one, number by number. */
    static boolean atLeast(String version, int[] minimum) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            return false;
        }
        int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
        for (int i = 0; i < v.length; i++) {
            if (v[i] != minimum[i]) {
                return v[i] > minimum[i];
            }
        }
        return true;
    }

    @Test
    void theVersionComparisonCanSayNo() {
        assertThat(atLeast("3.18.0", MIN_COMMONS_LANG3)).isTrue();
        assertThat(atLeast("3.20", MIN_COMMONS_LANG3)).isTrue();
        assertThat(atLeast("4.0.0", MIN_COMMONS_LANG3)).isTrue();
        assertThat(atLeast("3.17.0", MIN_COMMONS_LANG3)).isFalse();
        assertThat(atLeast("3.9", MIN_COMMONS_LANG3)).isFalse();
        assertThat(atLeast("2.99.99", MIN_COMMONS_LANG3)).isFalse();
    }

    @Test
    void theSbomNamesTheApplicationAndItsLibrariesWithAFixedCommonsLang3() throws IOException {
        JsonNode sbom = sbom();

        assertThat(sbom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        JsonNode application = sbom.path("metadata").path("component");
        assertThat(application.path("type").asText()).isEqualTo("application");
        assertThat(application.path("group").asText()).isEqualTo("org.imsfhir");
        assertThat(application.path("name").asText()).isEqualTo("ims-routes");
        assertThat(application.path("version").asText()).isNotBlank();

        assertThat(versions(sbom, "ca.uhn.hapi.fhir", "hapi-fhir-base")).singleElement().asString().isNotBlank();
        assertThat(versions(sbom, "org.apache.camel", "camel-core-engine")).singleElement().asString().isNotBlank();
        assertThat(versions(sbom, "org.springframework.boot", "spring-boot")).singleElement().asString().isNotBlank();
        assertThat(versions(sbom, "org.apache.commons", "commons-lang3")).singleElement()
                .satisfies(v -> assertThat(atLeast(v, MIN_COMMONS_LANG3)).as("commons-lang3 %s >= 3.18.0", v).isTrue());
        assertThat(versions(sbom, "org.junit.jupiter", "junit-jupiter-api")).as("test scope is not shipped").isEmpty();
    }

    @Test
    void theJarShipsCommonsLang3From318On() throws IOException {
        List<String> shipped = new ArrayList<>();
        try (ZipFile jar = new ZipFile(AdapterProcess.jar().toFile())) {
            jar.stream().map(ZipEntry::getName).forEach(name -> {
                Matcher m = LIB_COMMONS_LANG3.matcher(name);
                if (m.matches()) {
                    shipped.add(m.group(1));
                }
            });
        }
        assertThat(shipped).as("commons-lang3 in BOOT-INF/lib/").singleElement()
                .satisfies(v -> assertThat(atLeast(v, MIN_COMMONS_LANG3)).as("commons-lang3 %s >= 3.18.0", v).isTrue());
    }

    /**
     * Libraries the HL7 validator brings along that no code path uses (adapter/pom.xml excludes them; the
     * full suite runs without them) stay out of the jar, and the jar stays under 150 MB (it was 203 MB).
     */
    @Test
    void theJarLeavesOutTheValidatorsUnusedLibraries() throws IOException {
        List<String> libs = new ArrayList<>();
        try (ZipFile jar = new ZipFile(AdapterProcess.jar().toFile())) {
            jar.stream().map(ZipEntry::getName).filter(n -> n.startsWith("BOOT-INF/lib/") && n.endsWith(".jar"))
                    .forEach(n -> libs.add(n.substring("BOOT-INF/lib/".length())));
        }
        assertThat(libs).as("BOOT-INF/lib/").isNotEmpty().anyMatch(l -> l.startsWith("org.hl7.fhir.validation-"))
                .noneMatch(l -> l.startsWith("sqlite-jdbc-") || l.startsWith("plantuml-") || l.startsWith("Saxon-HE-")
                        || l.startsWith("jena-") || l.startsWith("org.hl7.fhir.dstu2-")
                        || l.startsWith("org.hl7.fhir.dstu2016may-") || l.startsWith("org.hl7.fhir.r4b-"));
        long size = Files.size(AdapterProcess.jar());
        System.out.printf("service jar: %.1f MB, %d libraries%n", size / 1e6, libs.size());
        assertThat(size).as("jar size in bytes").isLessThan(150_000_000L);
    }
}
