package org.imsfhir.routes.intake;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.logs.RecordMdc;
import org.imsfhir.routes.pipeline.Outcomes;
import org.imsfhir.routes.poison.PoisonRecords;
import org.imsfhir.routes.poison.PoisonStage;
import org.imsfhir.routes.store.IntakeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery of intakes that a node which is gone (stopped, killed, or this node's previous run)
 * stored but did not finish judging; run at start and then every lease, since a node that dies
 * while the others run is noticed only once its heartbeat is older than the lease. Each intake on
 * its own: one that cannot be finished (a poison intake) is set aside (its records REJECTED with the reason,
 * audited, counted in {@value PoisonRecords#METRIC}, the intake marked processed) and the loop goes
 * on, so one bad record never leaves other clinics' records RECEIVED. An intake that failed only
 * because the message store was unreachable stays with this node until it restarts or is gone.
 */
public class IntakeRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeRecovery.class);

    /** Intakes taken over per run; the next run takes the next ones. */
    static final int BATCH = 100;

    private final IntakeStore store;
    private final IntakeService intake;
    private final PoisonRecords poison;
    private final Duration lease;

    /** @param lease how long an intake is left to the node holding it, and how long a node is live without a heartbeat */
    public IntakeRecovery(IntakeStore store, IntakeService intake, PoisonRecords poison, Duration lease) {
        this.store = store;
        this.intake = intake;
        this.poison = poison;
        this.lease = lease;
    }

    /** What a recovery run did. */
    public record Result(int resumed, int setAside, int leftForLater) {
    }

    /**
     * Takes over abandoned intakes and finishes them, oldest first: not fully judged, held for longer
     * than a lease by a node that is gone ({@link IntakeStore#takeAbandoned}). A live node's intakes,
     * this node's own included, are left to it.
     */
    public Result resumeAbandoned() {
        int resumed = 0;
        int setAside = 0;
        int left = 0;
        // In batches until none is left. What this node took is its own now and is not taken again,
        // unless this node itself looks gone; an intake met twice in one run ends it either way.
        Set<Long> seen = new HashSet<>();
        List<Long> fresh;
        while (!(fresh = store.takeAbandoned(BATCH, lease).stream().filter(seen::add).toList()).isEmpty()) {
            for (long intakeId : fresh) {
                try {
                    intake.resume(intakeId);
                    resumed++;
                } catch (RuntimeException | StackOverflowError e) {
                    if (PoisonRecords.transientFailure(e)) {
                        try (RecordMdc mdc = RecordMdc.intake(intakeId)) {
                            LOG.warn("Intake {} not resumed: the message store failed ({}); left for a later run", intakeId,
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
        }
        if (!seen.isEmpty()) {
            LOG.info("Recovery: {} intake(s) abandoned by a node that is gone: {} resumed, {} set aside, {} left for later",
                    seen.size(), resumed, setAside, left);
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
            LOG.warn("Intake {} could not be set aside ({}); left for a later run", intakeId, again.getClass().getName());
            return false;
        }
    }
}
