package org.imsfhir.routes.intake;

import java.time.OffsetDateTime;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.logs.RecordMdc;
import org.imsfhir.routes.pipeline.Outcomes;
import org.imsfhir.routes.poison.PoisonRecords;
import org.imsfhir.routes.poison.PoisonStage;
import org.imsfhir.routes.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up recovery of intakes an earlier run stored but did not finish judging, each on its own:
 * one that cannot be finished (a poison intake) is set aside (its records REJECTED with the reason,
 * audited, counted in {@value PoisonRecords#METRIC}, the intake marked processed) and the loop goes
 * on, so one bad record never leaves other clinics' records RECEIVED. An intake that failed only
 * because the message store was unreachable is left as it is for the next start.
 */
public class IntakeRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeRecovery.class);

    private final MessageStore store;
    private final IntakeService intake;
    private final PoisonRecords poison;

    public IntakeRecovery(MessageStore store, IntakeService intake, PoisonRecords poison) {
        this.store = store;
        this.intake = intake;
        this.poison = poison;
    }

    /** What a recovery run did. */
    public record Result(int resumed, int setAside, int leftForLater) {
    }

    /** Finishes the intakes stored before {@code before} (an earlier run's) and not fully judged, oldest first. */
    public Result resumeUnprocessed(OffsetDateTime before) {
        List<Long> unprocessed = store.unprocessedIntakes(before);
        int resumed = 0;
        int setAside = 0;
        int left = 0;
        for (long intakeId : unprocessed) {
            try {
                intake.resume(intakeId);
                resumed++;
            } catch (RuntimeException | StackOverflowError e) {
                if (PoisonRecords.transientFailure(e)) {
                    try (RecordMdc mdc = RecordMdc.intake(intakeId)) {
                        LOG.warn("Intake {} not resumed: the message store failed ({}); left for the next start", intakeId,
                                e.getClass().getName());
                    }
                    left++;
                } else if (setAside(intakeId, e)) {
                    setAside++;
                } else {
                    left++;
                }
            }
        }
        if (!unprocessed.isEmpty()) {
            LOG.info("Recovery: {} intake(s) left unfinished by an earlier run: {} resumed, {} set aside, {} left for later",
                    unprocessed.size(), resumed, setAside, left);
        }
        return new Result(resumed, setAside, left);
    }

    private boolean setAside(long intakeId, Throwable cause) {
        String name = PoisonRecords.describe(cause);
        String reason = "The intake could not be judged at recovery (internal error " + name + "); it was set aside so"
                + " that the intakes after it go on. Send its records again once the cause is fixed.";
        try {
            int rejected = store.setAside(intakeId, Outcomes.toJson(Outcomes.error(IssueType.EXCEPTION, reason)),
                    "set aside at recovery: internal error " + name);
            poison.setAside(PoisonStage.RECOVERY, "intake " + intakeId, rejected + " record(s) REJECTED with the reason",
                    cause);
            return true;
        } catch (RuntimeException again) {
            LOG.warn("Intake {} could not be set aside ({}); left for the next start", intakeId, again.getClass().getName());
            return false;
        }
    }
}
