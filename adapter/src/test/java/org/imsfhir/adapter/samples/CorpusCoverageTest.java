package org.imsfhir.adapter.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.imsfhir.adapter.check.RecordSchema;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.DiagnosisSystem;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.OutcomeInstrument;
import org.imsfhir.adapter.record.SessionStatus;
import org.imsfhir.adapter.record.Severity;
import org.imsfhir.adapter.record.Sex;
import org.imsfhir.adapter.record.SiteType;
import org.imsfhir.adapter.terminology.Terminology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The valid samples together cover every field of the schema and every code list entry. */
class CorpusCoverageTest {

    private static List<ImsSession> sessions;
    private static final Terminology TERMS = Terminology.standard();

    @BeforeAll
    static void load() {
        sessions = SampleRecords.validJsonResources().stream().map(SampleRecords::load).toList();
    }

    private static Set<String> codes(String system) {
        return TERMS.concepts(system).stream().map(Terminology.Concept::code).collect(Collectors.toSet());
    }

    @Test
    void everyCodeListEntryIsUsed() {
        var sites = sessions.stream().flatMap(s -> s.treatedSites().stream()).toList();
        assertThat(sites.stream().map(t -> t.muscle()).collect(Collectors.toSet()))
                .containsAll(codes(ImsCanonical.CS_MUSCLE));
        assertThat(sites.stream().map(t -> t.spinalLevel()).collect(Collectors.toSet()))
                .containsAll(codes(ImsCanonical.CS_SPINAL_SEGMENT));
        assertThat(sites.stream().map(t -> t.siteType()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(SiteType.values());

        var rom = sessions.stream().flatMap(s -> s.rangeOfMotion().stream()).toList();
        assertThat(rom.stream().map(r -> r.joint()).collect(Collectors.toSet())).containsAll(codes(ImsCanonical.CS_JOINT));
        assertThat(rom.stream().map(r -> r.movement()).collect(Collectors.toSet())).containsAll(codes(ImsCanonical.CS_MOVEMENT));

        var events = sessions.stream().flatMap(s -> s.adverseEvents().stream()).toList();
        assertThat(events.stream().map(e -> e.type()).collect(Collectors.toSet()))
                .containsAll(codes(ImsCanonical.CS_ADVERSE_EVENT_TYPE));
        assertThat(events.stream().map(e -> e.severity()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Severity.values());
        assertThat(events).anyMatch(e -> e.isPneumothorax() && e.severity() == Severity.SERIOUS);

        assertThat(sessions.stream().flatMap(s -> s.outcomes().stream()).map(o -> o.instrument()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(OutcomeInstrument.values());
        assertThat(sessions.stream().map(ImsSession::status).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(SessionStatus.values());
        assertThat(sessions.stream().flatMap(s -> s.diagnoses().stream()).map(d -> d.system()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(DiagnosisSystem.values());
        assertThat(sessions.stream().map(s -> s.patient().sex()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Sex.values());
        assertThat(sessions.stream().map(ImsSession::country).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("CA", "US");
    }

    @Test
    void optionalPartsAppearBothPresentAndAbsent() {
        assertThat(sessions).anyMatch(s -> s.billing() != null).anyMatch(s -> s.billing() == null);
        assertThat(sessions).anyMatch(s -> s.billing() != null && "cpt".equals(s.billing().codeSet()))
                .anyMatch(s -> s.billing() != null && !"cpt".equals(s.billing().codeSet()));
        assertThat(sessions).anyMatch(s -> s.electricalStimulation() != null)
                .anyMatch(s -> s.electricalStimulation() == null);
        assertThat(sessions.stream().map(s -> String.valueOf(s.patient().registryConsent())).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("true", "false", "null");
        assertThat(sessions).anyMatch(s -> s.end() == null).anyMatch(s -> s.pain() == null)
                .anyMatch(s -> s.pain() != null && s.pain().after() == null && s.pain().before() != null);
    }

    @Test
    void everySchemaFieldAppearsInSomeSample() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode schema = mapper.readTree(RecordSchema.class.getResource(RecordSchema.RESOURCE));
        Set<String> schemaPaths = new TreeSet<>();
        collectSchema(schema, "", schemaPaths);

        Set<String> samplePaths = new TreeSet<>();
        for (String resource : SampleRecords.validJsonResources()) {
            collectInstance(mapper.readTree(SampleRecords.text(resource)), "", samplePaths);
        }

        assertThat(samplePaths).containsAll(schemaPaths);
    }

    private static void collectSchema(JsonNode node, String prefix, Set<String> out) {
        JsonNode items = node.get("items");
        if (items != null) {
            collectSchema(items, prefix + "[]", out);
        }
        JsonNode props = node.get("properties");
        if (props != null) {
            props.fields().forEachRemaining(e -> {
                String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                out.add(path);
                collectSchema(e.getValue(), path, out);
            });
        }
    }

    private static void collectInstance(JsonNode node, String prefix, Set<String> out) {
        if (node.isArray()) {
            node.forEach(item -> collectInstance(item, prefix + "[]", out));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                out.add(path);
                collectInstance(e.getValue(), path, out);
            });
        }
    }

}
