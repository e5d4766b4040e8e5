package org.imsfhir.adapter.check;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.Diagnosis;
import org.imsfhir.adapter.record.DiagnosisSystem;
import org.imsfhir.adapter.record.ImsPractitioner;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.Needle;
import org.imsfhir.adapter.record.OutcomeScore;
import org.imsfhir.adapter.record.PainScores;
import org.imsfhir.adapter.record.RangeOfMotion;
import org.imsfhir.adapter.record.ReportedAdverseEvent;
import org.imsfhir.adapter.record.SessionStatus;
import org.imsfhir.adapter.record.Severity;
import org.imsfhir.adapter.record.SiteType;
import org.imsfhir.adapter.record.TreatedSite;
import org.imsfhir.adapter.terminology.Terminology;

/**
 * The field rules of record version 1 that the JSON Schema cannot express: cross-field rules, code
 * lists (from {@link Terminology}, never Java literals) and plausibility warnings. Reports every
 * violation of a record at once. Null-safe: it also runs on records that failed the schema, so a
 * sender sees all problems in one answer.
 *
 * <p>Rule ids in the comments: {@code R-<field>} refers to the field-rule table of schema/RECORD-RULES.md;
 * ids in brackets are the matching clinical invariant (same file). Thread-safe.
 */
public final class RecordChecker {

    /** Record versions this adapter reads. */
    public static final List<String> SUPPORTED_VERSIONS = List.of("1");

    /** Allowed clock skew between clinic and adapter for "start not in the future". */
    static final Duration FUTURE_SKEW = Duration.ofMinutes(5);

    // Plausibility bounds for the needle; outside is a warning only [N-08].
    static final BigDecimal DIAMETER_MIN = new BigDecimal("0.12");
    static final BigDecimal DIAMETER_MAX = new BigDecimal("0.40");
    static final BigDecimal LENGTH_MIN = new BigDecimal("13");
    static final BigDecimal LENGTH_MAX = new BigDecimal("125");

    private final Terminology terminology;
    private final Clock clock;

    public RecordChecker(Terminology terminology, Clock clock) {
        this.terminology = Objects.requireNonNull(terminology, "terminology");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The standard code lists and the system clock. */
    public static RecordChecker standard() {
        return new RecordChecker(Terminology.standard(), Clock.systemUTC());
    }

    /** All rule violations (errors and warnings) of one record, in field order. */
    public List<Violation> check(ImsSession s) {
        List<Violation> out = new ArrayList<>();
        checkHeader(s, out);
        checkPractitioner(s.practitioner(), out);
        checkDiagnoses(s, out);
        checkSites(s, out);
        checkNeedle(s.needle(), out);
        checkPain(s.pain(), out);
        checkOutcomes(s.outcomes(), out);
        checkRangeOfMotion(s.rangeOfMotion(), out);
        checkAdverseEvents(s, out);
        checkConsent(s, out);
        return out;
    }

    private void checkHeader(ImsSession s, List<Violation> out) {
        // R-recordVersion: "1"; anything else is rejected naming the supported versions.
        if (s.recordVersion() != null && !SUPPORTED_VERSIONS.contains(s.recordVersion())) {
            out.add(Violation.error("recordVersion",
                    "unsupported record version; supported: " + String.join(", ", SUPPORTED_VERSIONS)));
        }
        // R-start/end [S-01]: end >= start.
        if (s.start() != null && s.end() != null && s.end().isBefore(s.start())) {
            out.add(Violation.error("end", "must not be before start"));
        }
        // R-start [S-02]: start not in the future, 5 minutes of clock skew allowed.
        if (s.start() != null && s.start().toInstant().isAfter(clock.instant().plus(FUTURE_SKEW))) {
            out.add(Violation.error("start", "must not be in the future (5 minutes of clock skew allowed)"));
        }
        // R-jurisdiction [B-07]: only countries whose diagnosis code systems we know.
        String country = s.country();
        if (s.jurisdiction() != null && !"CA".equals(country) && !"US".equals(country)) {
            out.add(Violation.error("jurisdiction", "country must be CA or US (the supported jurisdictions)"));
        }
        // R-status [S-04]: completed needs sites; not-done has none and says why.
        if (s.status() == SessionStatus.COMPLETED && s.treatedSites().isEmpty()) {
            out.add(Violation.error("treatedSites", "must have at least 1 entry when status is completed"));
        }
        if (s.status() == SessionStatus.NOT_DONE) {
            if (!s.treatedSites().isEmpty()) {
                out.add(Violation.error("treatedSites", "must be empty when status is not-done"));
            }
            if (s.statusReason() == null || s.statusReason().isBlank()) {
                out.add(Violation.error("statusReason", "is required when status is not-done"));
            }
        }
    }

    private void checkPractitioner(ImsPractitioner p, List<Violation> out) {
        if (p == null) {
            return; // the schema reports it
        }
        // R-practitioner [P-02]: an IMS session needs an IMS-certified practitioner.
        if (Boolean.FALSE.equals(p.imsCertified())) {
            out.add(Violation.error("practitioner.imsCertified",
                    "must be true: a session by a practitioner without IMS certification is not an IMS session"));
        }
        // R-practitioner: licence required (also in the schema; kept here for records built in code).
        if (p.licence() == null) {
            out.add(Violation.error("practitioner.licence", "is required"));
        }
    }

    private void checkDiagnoses(ImsSession s, List<Violation> out) {
        // R-diagnoses: 1 or more.
        if (s.diagnoses().isEmpty()) {
            out.add(Violation.error("diagnoses", "must have at least 1 entry"));
        }
        LocalDate sessionDate = s.start() == null ? null : s.start().toLocalDate();
        String country = s.country();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < s.diagnoses().size(); i++) {
            Diagnosis d = s.diagnoses().get(i);
            String at = "diagnoses[" + i + "]";
            if (d == null) {
                continue;
            }
            // R-diagnoses: one entry per (system, code); each becomes one Condition whose business
            // identifier is built from them.
            if (d.system() != null && d.code() != null && !seen.add(d.system().code() + "|" + d.code())) {
                out.add(Violation.error(at, "repeats the system and code of an earlier diagnosis"));
            }
            // R-diagnoses [B-07]: the code system fits the jurisdiction; never cross-map CM and CA.
            if (d.system() != null && !fitsJurisdiction(d.system(), country)) {
                out.add(Violation.error(at + ".system", "CA".equals(country)
                        ? "must be icd-10-ca or snomed for a CA jurisdiction"
                        : "must be icd-10-cm or snomed for a US jurisdiction"));
            }
            // [D-01]: onset on or before the session date.
            if (d.onset() != null && sessionDate != null && d.onset().isAfter(sessionDate)) {
                out.add(Violation.error(at + ".onset", "must not be after the session date"));
            }
            // R-diagnoses (levels): spinal levels are C1-C8, T1-T12, L1-L5, S1-S5, as on sites.
            for (int j = 0; j < d.spinalLevels().size(); j++) {
                if (!terminology.isSpinalSegment(d.spinalLevels().get(j))) {
                    out.add(Violation.error(at + ".spinalLevels[" + j + "]", SPINAL_LEVEL_REASON));
                }
            }
        }
    }

    private static boolean fitsJurisdiction(DiagnosisSystem system, String country) {
        if (system == DiagnosisSystem.SNOMED) {
            return true;
        }
        if ("CA".equals(country)) {
            return system == DiagnosisSystem.ICD_10_CA;
        }
        if ("US".equals(country)) {
            return system == DiagnosisSystem.ICD_10_CM;
        }
        return true; // unsupported country: reported on jurisdiction already
    }

    private static final String SPINAL_LEVEL_REASON = "must be a spinal segment C1-C8, T1-T12, L1-L5 or S1-S5";

    private void checkSites(ImsSession s, List<Violation> out) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < s.treatedSites().size(); i++) {
            TreatedSite t = s.treatedSites().get(i);
            String at = "treatedSites[" + i + "]";
            if (t == null) {
                continue;
            }
            // R-treatedSites [N-01]: muscle from the ims-muscle code list.
            var muscle = t.muscle() == null ? null : terminology.muscle(t.muscle()).orElse(null);
            if (t.muscle() != null && muscle == null) {
                out.add(Violation.error(at + ".muscle", "is not in the ims-muscle code list"));
            }
            // R-treatedSites [N-02]: side required for paired muscles (the code list says which).
            boolean paired = muscle == null || muscle.property("paired").map(Boolean::parseBoolean).orElse(true);
            if (t.side() == null && paired) {
                out.add(Violation.error(at + ".side", "is required for a paired muscle"));
            }
            // R-treatedSites [N-03]: segmental needs a valid spinal level; local has none (a level on
            // a local site would be ambiguous: it is the segment targeted by segmental needling).
            if (t.siteType() == SiteType.SEGMENTAL) {
                if (t.spinalLevel() == null) {
                    out.add(Violation.error(at + ".spinalLevel", "is required for a segmental site"));
                } else if (!terminology.isSpinalSegment(t.spinalLevel())) {
                    out.add(Violation.error(at + ".spinalLevel", SPINAL_LEVEL_REASON));
                }
            } else if (t.siteType() == SiteType.LOCAL && t.spinalLevel() != null) {
                out.add(Violation.error(at + ".spinalLevel", "must be absent for a local site"));
            }
            // R-treatedSites [N-07]: twitch responses 0..insertions (insertions >= 1 is in the schema).
            if (t.insertions() != null && t.twitchResponses() != null && t.insertions() >= 1
                    && t.twitchResponses() > t.insertions()) {
                out.add(Violation.error(at + ".twitchResponses", "must not exceed insertions"));
            }
            // R-treatedSites [N-11]: no duplicate (muscle, side, level).
            if (t.muscle() != null && !seen.add(t.muscle() + "|" + t.side() + "|" + t.spinalLevel())) {
                out.add(Violation.error(at, "repeats the muscle, side and spinal level of an earlier site"));
            }
        }
    }

    private static void checkNeedle(Needle n, List<Violation> out) {
        if (n == null) {
            return;
        }
        // R-needle [N-08]: plausibility only, a warning.
        if (outside(n.diameterMm(), DIAMETER_MIN, DIAMETER_MAX)) {
            out.add(Violation.warning("needle.diameterMm", "is outside the usual 0.12-0.40 mm"));
        }
        if (outside(n.lengthMm(), LENGTH_MIN, LENGTH_MAX)) {
            out.add(Violation.warning("needle.lengthMm", "is outside the usual 13-125 mm"));
        }
    }

    private static boolean outside(BigDecimal v, BigDecimal min, BigDecimal max) {
        return v != null && (v.compareTo(min) < 0 || v.compareTo(max) > 0);
    }

    private static void checkPain(PainScores p, List<Violation> out) {
        // R-pain [O-04]: after only with before (0-10 integers are in the schema).
        if (p != null && p.after() != null && p.before() == null) {
            out.add(Violation.error("pain.after", "is only allowed together with pain.before"));
        }
    }

    private static void checkOutcomes(List<OutcomeScore> outcomes, List<Violation> out) {
        // R-outcomes [O-05..O-07]: score within the instrument's range; one score per instrument per
        // session (each becomes one Observation keyed by the instrument).
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < outcomes.size(); i++) {
            OutcomeScore o = outcomes.get(i);
            if (o != null && o.instrument() != null && !seen.add(o.instrument())) {
                out.add(Violation.error("outcomes[" + i + "]", "repeats the instrument of an earlier outcome"));
            }
            if (o == null || o.instrument() == null || o.score() == null) {
                continue;
            }
            double score = o.score().doubleValue();
            if (score < o.instrument().min() || score > o.instrument().max()) {
                out.add(Violation.error("outcomes[" + i + "].score", "must be between "
                        + fmt(o.instrument().min()) + " and " + fmt(o.instrument().max())
                        + " for " + o.instrument().code()));
            }
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private void checkRangeOfMotion(List<RangeOfMotion> rom, List<Violation> out) {
        // R-rangeOfMotion [O-08]: joint and movement from the code lists; at least one measurement
        // (0-360 degrees is in the schema); one entry per (joint, movement, side), the key of its
        // Observations.
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rom.size(); i++) {
            RangeOfMotion r = rom.get(i);
            String at = "rangeOfMotion[" + i + "]";
            if (r == null) {
                continue;
            }
            if (r.joint() != null && r.movement() != null
                    && !seen.add(r.joint() + "|" + r.movement() + "|" + r.side())) {
                out.add(Violation.error(at, "repeats the joint, movement and side of an earlier entry"));
            }
            if (r.joint() != null && !terminology.contains(ImsCanonical.CS_JOINT, r.joint())) {
                out.add(Violation.error(at + ".joint", "is not in the ims-joint code list"));
            }
            if (r.movement() != null && !terminology.contains(ImsCanonical.CS_MOVEMENT, r.movement())) {
                out.add(Violation.error(at + ".movement", "is not in the ims-movement code list"));
            }
            if (r.degreesBefore() == null && r.degreesAfter() == null) {
                out.add(Violation.error(at, "needs degreesBefore or degreesAfter"));
            }
        }
    }

    private void checkAdverseEvents(ImsSession s, List<Violation> out) {
        for (int i = 0; i < s.adverseEvents().size(); i++) {
            ReportedAdverseEvent e = s.adverseEvents().get(i);
            String at = "adverseEvents[" + i + "]";
            if (e == null) {
                continue;
            }
            // R-adverseEvents: type from the ims-adverse-event-type code list.
            var type = e.type() == null ? null
                    : terminology.lookup(ImsCanonical.CS_ADVERSE_EVENT_TYPE, e.type()).orElse(null);
            if (e.type() != null && type == null) {
                out.add(Violation.error(at + ".type", "is not in the ims-adverse-event-type code list"));
            }
            // R-adverseEvents: pneumothorax (any type flagged alwaysSerious) must be reported
            // as serious. A milder report is rejected rather than silently upgraded: the clinic's
            // record is wrong and must be corrected at the source.
            boolean alwaysSerious = type != null
                    && type.property("alwaysSerious").map(Boolean::parseBoolean).orElse(false);
            if (alwaysSerious && e.severity() != null && e.severity() != Severity.SERIOUS) {
                out.add(Violation.error(at + ".severity", "must be serious for this event type"));
            }
            // significant and serious events (and every always-serious type) become AdverseEvent
            // resources, whose profile requires the date the event occurred: onset must be given.
            boolean reportable = alwaysSerious || e.severity() == Severity.SIGNIFICANT || e.severity() == Severity.SERIOUS;
            if (reportable && e.onset() == null) {
                out.add(Violation.error(at + ".onset", "is required for significant and serious events"));
            }
            // an adverse event of the session cannot start before the session.
            if (e.onset() != null && s.start() != null && e.onset().isBefore(s.start())) {
                out.add(Violation.error(at + ".onset", "must not be before the session start"));
            }
        }
    }

    private static void checkConsent(ImsSession s, List<Violation> out) {
        // R-consent [C-01]: consent dated on or before the session start.
        OffsetDateTime start = s.start();
        if (s.consent() != null && s.consent().date() != null && start != null
                && s.consent().date().isAfter(start.toLocalDate())) {
            out.add(Violation.error("consent.date", "must not be after the session start"));
        }
        // R-billing: a code set must be named (cpt or a payer's own set); shape is in the schema.
        if (s.billing() != null && (s.billing().codeSet() == null || s.billing().codeSet().isBlank())) {
            out.add(Violation.error("billing.codeSet", "is required when billing is present"));
        }
    }
}
