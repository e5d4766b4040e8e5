package org.imsfhir.routes.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imsfhir.adapter.validation.ValidationReport;
import org.junit.jupiter.api.Test;

class PhiRedactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode outcome() throws Exception {
        return JSON.readTree("""
                {"resourceType":"OperationOutcome","issue":[
                  {"severity":"error","code":"invalid","diagnostics":"patient.birthDate: is not a real date",
                   "expression":["patient.birthDate"]},
                  {"severity":"error","code":"code-invalid","diagnostics":"The value 'Zqxfamily' is not allowed",
                   "details":{"coding":[{"system":"%s","code":"Terminology_TX_NoValid_16"}]},
                   "expression":["Bundle.entry[0].resource.ofType(Patient).name[0].family"]}]}"""
                .formatted(ValidationReport.MESSAGE_ID_SYSTEM));
    }

    @Test
    void withoutPhiTheValidatorsTextIsWithheldAndEverythingElseStays() throws Exception {
        JsonNode original = outcome();
        JsonNode shown = PhiRedaction.outcome(original, false);

        JsonNode checker = shown.at("/issue/0");
        JsonNode validator = shown.at("/issue/1");
        assertThat(checker.get("diagnostics").asText()).isEqualTo("patient.birthDate: is not a real date");
        assertThat(validator.get("diagnostics").asText()).isEqualTo(PhiRedaction.WITHHELD);
        assertThat(shown.toString()).doesNotContain("Zqxfamily");
        assertThat(validator.at("/details/coding/0/code").asText()).isEqualTo("Terminology_TX_NoValid_16");
        assertThat(validator.at("/expression/0").asText()).endsWith("name[0].family");
        assertThat(validator.get("severity").asText()).isEqualTo("error");
        assertThat(original.at("/issue/1/diagnostics").asText()).as("the stored outcome is not changed").contains("Zqxfamily");
    }

    @Test
    void withPhiEverythingIsShown() throws Exception {
        assertThat(PhiRedaction.outcome(outcome(), true).toString()).contains("Zqxfamily");
        assertThat(PhiRedaction.text("HTTP 400: Patient Zqxfamily refused", true)).contains("Zqxfamily");
        assertThat(PhiRedaction.text("HTTP 400: Patient Zqxfamily refused", false)).isEqualTo(PhiRedaction.WITHHELD);
        assertThat(PhiRedaction.text(null, false)).isNull();
    }
}
