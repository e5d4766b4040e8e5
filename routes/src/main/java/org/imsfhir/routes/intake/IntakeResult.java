package org.imsfhir.routes.intake;

import java.util.List;

/**
 * What became of one payload: the stored intake, whether it could be split into records at all,
 * and the outcome of each record.
 */
public record IntakeResult(long intakeId, boolean unreadable, List<RecordOutcome> records) {

    public long accepted() {
        return records.stream().filter(RecordOutcome::accepted).count();
    }

    public long rejected() {
        return records.size() - accepted();
    }
}
