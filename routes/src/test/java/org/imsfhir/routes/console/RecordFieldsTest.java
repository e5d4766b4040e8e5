package org.imsfhir.routes.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordFieldsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode record() throws Exception {
        return JSON.readTree("""
                {"sessionId":"S-1","source":{"system":"https://c.example"},"sessionNumber":3,
                 "patient":{"family":"Doe","given":["Ann"],"birthDate":"1980-01-02"},
                 "treatedSites":[{"muscle":"gluteus-medius","side":"middle"},{"muscle":"multifidus","side":"left"}],
                 "electricalStimulation":null,"adverseEvents":[]}""");
    }

    @Test
    void leavesAreNamedLikeTheRecordChecksNameFields() throws Exception {
        List<RecordFields.Field> fields = RecordFields.of(record());
        assertThat(fields).extracting(RecordFields.Field::path).containsExactly("sessionId", "source.system",
                "sessionNumber", "patient.family", "patient.given[0]", "patient.birthDate", "treatedSites[0].muscle",
                "treatedSites[0].side", "treatedSites[1].muscle", "treatedSites[1].side", "electricalStimulation",
                "adverseEvents");
        assertThat(fields).filteredOn(RecordFields.Field::phi).extracting(RecordFields.Field::path)
                .containsExactly("patient.family", "patient.given[0]", "patient.birthDate");
    }

    @Test
    void applyKeepsEachFieldsJsonKindAndAddsMissingOnes() throws Exception {
        JsonNode original = record();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("treatedSites[0].side", "left");
        values.put("sessionNumber", "4");
        values.put("electricalStimulation", "null");
        values.put("pain.before", "7");
        values.put("outcomes[0].instrument", "ODI");
        JsonNode changed = RecordFields.apply(original, values);
        assertThat(changed.at("/treatedSites/0/side").asText()).isEqualTo("left");
        assertThat(changed.at("/sessionNumber").isNumber()).isTrue();
        assertThat(changed.at("/sessionNumber").asInt()).isEqualTo(4);
        assertThat(changed.at("/pain/before").isTextual()).as("a new field is text").isTrue();
        assertThat(changed.at("/outcomes/0/instrument").asText()).isEqualTo("ODI");
        assertThat(original.at("/treatedSites/0/side").asText()).as("the original is not changed").isEqualTo("middle");
        assertThat(RecordFields.apply(original, Map.of("sessionNumber", "four")).at("/sessionNumber").asText())
                .as("a non-number typed into a number field is kept as text for the checks to name").isEqualTo("four");
    }

    @Test
    void aPathThatDoesNotFitTheRecordIsRefusedWithItsName() throws Exception {
        assertThatThrownBy(() -> RecordFields.apply(record(), Map.of("treatedSites.side", "left")))
                .hasMessageContaining("treatedSites.side");
        assertThatThrownBy(() -> RecordFields.apply(record(), Map.of("[0]", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordFields.apply(record(), Map.of("a[99999]", "x"))).hasMessageContaining("index");
    }

    @Test
    void eachErrorIsShownBesideItsFieldAndAMissingFieldGetsARowOfItsOwn() throws Exception {
        List<OutcomeIssues.Issue> issues = List.of(
                new OutcomeIssues.Issue("error", "value", "treatedSites[0].side", "must be left or right", false),
                new OutcomeIssues.Issue("error", "required", "pain", "is required", false),
                new OutcomeIssues.Issue("error", "invariant", "treatedSites[1]", "segmental site needs a level", false),
                new OutcomeIssues.Issue("error", "structure", "Bundle.entry[2].resource", "(withheld)", true));
        List<SessionDetails.FieldRow> rows = SessionDetails.fields(record(), issues, false, true);
        Map<String, SessionDetails.FieldRow> byPath = new LinkedHashMap<>();
        rows.forEach(r -> byPath.put(r.path(), r));
        assertThat(byPath.get("treatedSites[0].side").errors()).extracting(OutcomeIssues.Issue::text)
                .containsExactly("must be left or right");
        assertThat(byPath.get("treatedSites[1].muscle").errors()).extracting(OutcomeIssues.Issue::text)
                .containsExactly("segmental site needs a level");
        assertThat(byPath.get("pain").added()).isTrue();
        assertThat(byPath.get("pain").editable()).isTrue();
        assertThat(rows).flatExtracting(SessionDetails.FieldRow::errors).noneMatch(OutcomeIssues.Issue::validator);
        // Without phi: patient values withheld and not editable; the session key never editable.
        assertThat(byPath.get("patient.family").value()).isEqualTo(SessionDetails.WITHHELD);
        assertThat(byPath.get("patient.family").editable()).isFalse();
        assertThat(byPath.get("source.system").editable()).isFalse();
        assertThat(SessionDetails.fields(record(), issues, true, true).stream()
                .filter(r -> r.path().equals("patient.family")).findFirst().orElseThrow().value()).isEqualTo("Doe");
    }
}
