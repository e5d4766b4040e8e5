package org.imsfhir.adapter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.imsfhir.adapter.map.TestSessions;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.junit.jupiter.api.Test;

/** The engine from payload to judged record, and the stored-record re-read. */
class ImsEngineTest {

    private static final String RECORD = TestSessions.exampleJson().toString();

    @Test
    void aGoodRecordIsReadCheckedMappedEncodedOnceAndValidated() throws Exception {
        List<String> stages = new ArrayList<>();
        ImsEngine engine = ImsEngine.builder().validator(ProfileValidator.standard()).timers(new EngineTimers() {
            @Override
            public <T> T timeMapping(Supplier<T> mapping) {
                stages.add("map");
                return mapping.get();
            }

            @Override
            public <T> T timeValidation(Supplier<T> validation) {
                stages.add("validate");
                return validation.get();
            }
        }).build();

        List<ReadRecord> read = engine.read(RECORD, PayloadFormat.JSON);
        assertThat(read).singleElement().satisfies(r -> assertThat(r.checked()).isTrue());
        Judgement judged = engine.judge(read.get(0).session());

        assertThat(judged.valid()).as("%s", judged.errors()).isTrue();
        assertThat(judged.bundleJson()).startsWith("{\"resourceType\":\"Bundle\"");
        assertThat(judged.report()).isNotNull();
        assertThat(stages).containsExactly("map", "validate");
    }

    @Test
    void withoutAValidatorTheBundleIsNotValidated() throws Exception {
        ImsEngine engine = ImsEngine.builder().prettyJson(true).build();

        Judgement judged = engine.judge(engine.read(RECORD, PayloadFormat.NDJSON).get(0).session());

        assertThat(judged.valid()).isTrue();
        assertThat(judged.report()).isNull();
        assertThat(judged.errors()).isEmpty();
        assertThat(judged.bundleJson()).contains("\n");
    }

    @Test
    void aPayloadThatCannotBeSplitIsUnreadableAsAWhole() {
        assertThatThrownBy(() -> ImsEngine.builder().build().read("[{\"recordVersion\": ", PayloadFormat.JSON))
                .isInstanceOf(UnreadablePayloadException.class);
    }

    @Test
    void aStoredRecordReadsAgainOnlyAsOneCheckedSession() {
        ImsEngine engine = ImsEngine.builder().build();

        assertThat(engine.readStored(RECORD, PayloadFormat.JSON)).isPresent();
        assertThat(engine.readStored("{not json", PayloadFormat.JSON)).isEmpty();
        assertThat(engine.readStored("[" + RECORD + "," + RECORD + "]", PayloadFormat.JSON)).isEmpty();
        assertThat(engine.readStored(RECORD.replace("\"recordVersion\"", "\"favouriteColour\""), PayloadFormat.JSON)).isEmpty();
    }
}
