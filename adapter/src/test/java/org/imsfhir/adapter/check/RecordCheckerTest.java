package org.imsfhir.adapter.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.imsfhir.adapter.read.ImsRecordReader;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.samples.SampleRecords;
import org.imsfhir.adapter.terminology.Terminology;
import org.junit.jupiter.api.Test;

class RecordCheckerTest {

    private static final ObjectMapper MAPPER = ImsRecordReader.newMapper();
    /** Half an hour after valid-01's start (2026-11-02T10:00-08:00 = 18:00Z). */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T18:30:00Z"), ZoneOffset.UTC);
    private static final RecordChecker CHECKER = new RecordChecker(Terminology.standard(), CLOCK);

    private static ImsSession lumbar(Consumer<ObjectNode> change) throws Exception {
        ObjectNode tree = (ObjectNode) MAPPER.readTree(
                SampleRecords.text("/samples/valid/valid-01-lumbar-radiculopathy.json"));
        change.accept(tree);
        return MAPPER.treeToValue(tree, ImsSession.class);
    }

    private static ObjectNode site(ObjectNode tree, int i) {
        return (ObjectNode) tree.withArray("treatedSites").get(i);
    }

    private static List<String> paths(List<Violation> violations) {
        return violations.stream().map(Violation::path).toList();
    }

    @Test
    void cleanSampleHasNoViolations() throws Exception {
        assertThat(CHECKER.check(lumbar(t -> { }))).isEmpty();
    }

    @Test
    void startMayBeUpToFiveMinutesAhead() throws Exception {
        // clock 18:30Z; 10:34-08:00 = 18:34Z is within the skew, 10:36 is not.
        assertThat(CHECKER.check(lumbar(t -> {
            t.put("start", "2026-11-02T10:34:00-08:00");
            t.put("end", "2026-11-02T10:50:00-08:00");
            t.withArray("adverseEvents").removeAll();
        }))).isEmpty();
        assertThat(paths(CHECKER.check(lumbar(t -> {
            t.put("start", "2026-11-02T10:36:00-08:00");
            t.put("end", "2026-11-02T10:50:00-08:00");
            t.withArray("adverseEvents").removeAll();
        })))).containsExactly("start");
    }

    @Test
    void allViolationsOfARecordAreReportedAtOnce() throws Exception {
        List<Violation> violations = CHECKER.check(lumbar(t -> {
            t.put("end", "2026-11-02T09:00:00-08:00");        // end before start
            site(t, 0).put("muscle", "bicepz");               // not in the muscle list
            ((ObjectNode) t.get("pain")).remove("before");    // after without before
        }));

        assertThat(paths(violations)).containsExactlyInAnyOrder("end", "treatedSites[0].muscle", "pain.after");
        assertThat(violations).allMatch(Violation::isError);
    }

    @Test
    void needleOutsideTheUsualRangeIsOnlyAWarning() throws Exception {
        List<Violation> violations = CHECKER.check(lumbar(t -> {
            ((ObjectNode) t.get("needle")).put("diameterMm", new java.math.BigDecimal("0.45"));
            ((ObjectNode) t.get("needle")).put("lengthMm", 10);
        }));

        assertThat(violations).extracting(Violation::path).containsExactly("needle.diameterMm", "needle.lengthMm");
        assertThat(violations).noneMatch(Violation::isError);
    }

    @Test
    void needleAtTheBoundsIsFine() throws Exception {
        assertThat(CHECKER.check(lumbar(t -> {
            ((ObjectNode) t.get("needle")).put("diameterMm", new java.math.BigDecimal("0.12"));
            ((ObjectNode) t.get("needle")).put("lengthMm", 125);
        }))).isEmpty();
    }

    @Test
    void statusRules() throws Exception {
        // entered-in-error retracts: no site count rule.
        assertThat(CHECKER.check(lumbar(t -> {
            t.put("status", "entered-in-error");
            t.remove("treatedSites");
        }))).isEmpty();
        assertThat(paths(CHECKER.check(lumbar(t -> t.remove("treatedSites"))))).containsExactly("treatedSites");
        assertThat(paths(CHECKER.check(lumbar(t -> t.put("status", "not-done")))))
                .containsExactlyInAnyOrder("treatedSites", "statusReason");
        assertThat(CHECKER.check(lumbar(t -> {
            t.put("status", "not-done");
            t.put("statusReason", "patient unwell");
            t.remove("treatedSites");
        }))).isEmpty();
    }

    @Test
    void pneumothoraxMustBeSeriousOtherEventsMayBeMild() throws Exception {
        Consumer<ObjectNode> pneumothorax = t -> ((ObjectNode) t.withArray("adverseEvents").get(0)).put("type", "pneumothorax");
        assertThat(paths(CHECKER.check(lumbar(pneumothorax.andThen(t ->
                ((ObjectNode) t.withArray("adverseEvents").get(0)).put("severity", "significant"))))))
                .containsExactly("adverseEvents[0].severity");
        assertThat(CHECKER.check(lumbar(pneumothorax.andThen(t ->
                ((ObjectNode) t.withArray("adverseEvents").get(0)).put("severity", "serious"))))).isEmpty();
    }

    @Test
    void siteRules() throws Exception {
        // Same muscle and level on the other side is not a duplicate.
        assertThat(CHECKER.check(lumbar(t -> {
            ObjectNode copy = site(t, 1).deepCopy();
            copy.put("side", "right");
            t.withArray("treatedSites").add(copy);
        }))).isEmpty();
        // Twitches equal to insertions are fine, one more is not.
        assertThat(CHECKER.check(lumbar(t -> site(t, 0).put("twitchResponses", 4)))).isEmpty();
        assertThat(paths(CHECKER.check(lumbar(t -> site(t, 0).put("twitchResponses", 5)))))
                .containsExactly("treatedSites[0].twitchResponses");
        // Segmental level checked against the spinal segment list; C8 exists, T13 does not.
        assertThat(CHECKER.check(lumbar(t -> site(t, 1).put("spinalLevel", "C8")))).isEmpty();
        assertThat(paths(CHECKER.check(lumbar(t -> site(t, 1).put("spinalLevel", "T13")))))
                .containsExactly("treatedSites[1].spinalLevel");
    }

    @Test
    void diagnosisSystemMustFitTheCountry() throws Exception {
        Consumer<ObjectNode> snomed = t -> ((ObjectNode) t.withArray("diagnoses").get(0)).put("system", "snomed");
        assertThat(CHECKER.check(lumbar(snomed))).isEmpty();
        assertThat(CHECKER.check(lumbar(snomed.andThen(t -> t.put("jurisdiction", "US-WA"))))).isEmpty();
        assertThat(paths(CHECKER.check(lumbar(t -> t.put("jurisdiction", "US-WA")))))
                .containsExactly("diagnoses[0].system");
    }

    @Test
    void datesAgainstTheSession() throws Exception {
        // Consent on the session day is fine; the day after is not. Same for diagnosis onset.
        assertThat(CHECKER.check(lumbar(t -> ((ObjectNode) t.get("consent")).put("date", "2026-11-02")))).isEmpty();
        assertThat(paths(CHECKER.check(lumbar(t -> {
            ((ObjectNode) t.get("consent")).put("date", "2026-11-03");
            ((ObjectNode) t.withArray("diagnoses").get(0)).put("onset", "2026-11-03");
        })))).containsExactlyInAnyOrder("consent.date", "diagnoses[0].onset");
    }

    @Test
    void outcomeRangesFollowTheInstrument() throws Exception {
        Consumer<ObjectNode> ndi40 = t -> ((ObjectNode) t.withArray("outcomes").get(0)).put("instrument", "NDI").put("score", 40);
        assertThat(CHECKER.check(lumbar(ndi40))).isEmpty();
        assertThat(CHECKER.check(lumbar(t -> ((ObjectNode) t.withArray("outcomes").get(0)).put("score", 100)))).isEmpty();
        List<Violation> v = CHECKER.check(lumbar(t -> ((ObjectNode) t.withArray("outcomes").get(0))
                .put("instrument", "PSFS").put("score", new java.math.BigDecimal("10.1"))));
        assertThat(v).extracting(Violation::reason).containsExactly("must be between 0 and 10 for PSFS");
    }

    @Test
    void listEntriesThatShareTheirBusinessKeyAreRefused() throws Exception {
        // The same diagnosis code in another system, and the same ROM movement on the other side, are distinct.
        assertThat(CHECKER.check(lumbar(t -> {
            ObjectNode dx = ((ObjectNode) t.withArray("diagnoses").get(0)).deepCopy();
            t.withArray("diagnoses").add(dx.put("system", "snomed"));
            ObjectNode rom = ((ObjectNode) t.withArray("rangeOfMotion").get(0)).deepCopy();
            t.withArray("rangeOfMotion").add(rom.put("side", "left"));
        }))).isEmpty();
        assertThat(paths(CHECKER.check(lumbar(t -> {
            t.withArray("diagnoses").add(t.withArray("diagnoses").get(0).deepCopy());
            t.withArray("outcomes").add(t.withArray("outcomes").get(0).deepCopy());
            t.withArray("rangeOfMotion").add(t.withArray("rangeOfMotion").get(0).deepCopy());
        })))).containsExactlyInAnyOrder("diagnoses[1]", "outcomes[1]", "rangeOfMotion[1]");
    }

    @Test
    void practitionerWithoutImsCertificationIsRejected() throws Exception {
        assertThat(paths(CHECKER.check(lumbar(t -> ((ObjectNode) t.get("practitioner")).put("imsCertified", false)))))
                .containsExactly("practitioner.imsCertified");
    }

    @Test
    void checkerIsNullSafeOnAnEmptyRecord() throws Exception {
        ImsSession empty = MAPPER.treeToValue(MAPPER.createObjectNode(), ImsSession.class);
        assertThat(paths(CHECKER.check(empty))).containsExactly("diagnoses");
    }

    @Test
    void reasonsNeverQuoteTheValues() throws Exception {
        String sentinel = "ZZSENTINEL";
        List<Violation> v = CHECKER.check(lumbar(t -> {
            site(t, 0).put("muscle", sentinel);
            ((ObjectNode) t.withArray("adverseEvents").get(0)).put("type", sentinel);
            ArrayNode levels = ((ObjectNode) t.withArray("diagnoses").get(0)).putArray("spinalLevels");
            levels.add(sentinel);
            t.put("recordVersion", sentinel);
        }));
        assertThat(v).hasSize(4).allSatisfy(x -> assertThat(x.reason()).doesNotContain(sentinel));
    }
}
