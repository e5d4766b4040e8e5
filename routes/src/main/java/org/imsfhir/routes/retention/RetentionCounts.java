package org.imsfhir.routes.retention;

/**
 * What one purge run removed, per data class: raw payloads (of intakes and of records), Bundles,
 * receiver answers (records whose delivery/claim answers went), and files (inbox {@code done/} and
 * {@code failed/}, file-destination output, registry staging). Counts only: safe to log and audit.
 */
public record RetentionCounts(long intakePayloads, long recordPayloads, long bundles, long receiverAnswers,
                              long inboxFiles, long fileOutput, long registryStaging) {

    public static final RetentionCounts NONE = new RetentionCounts(0, 0, 0, 0, 0, 0, 0);

    /** The database's part of a run. */
    public static RetentionCounts ofStore(long intakePayloads, long recordPayloads, long bundles, long receiverAnswers) {
        return new RetentionCounts(intakePayloads, recordPayloads, bundles, receiverAnswers, 0, 0, 0);
    }

    /** The files' part of a run. */
    public static RetentionCounts ofFiles(long inboxFiles, long fileOutput, long registryStaging) {
        return new RetentionCounts(0, 0, 0, 0, inboxFiles, fileOutput, registryStaging);
    }

    public RetentionCounts plus(RetentionCounts o) {
        return new RetentionCounts(intakePayloads + o.intakePayloads, recordPayloads + o.recordPayloads,
                bundles + o.bundles, receiverAnswers + o.receiverAnswers, inboxFiles + o.inboxFiles,
                fileOutput + o.fileOutput, registryStaging + o.registryStaging);
    }

    public long total() {
        return intakePayloads + recordPayloads + bundles + receiverAnswers + inboxFiles + fileOutput + registryStaging;
    }

    /** One line, the configuration's names: for the log and the run's audit row. */
    public String summary() {
        return "raw-payloads=" + (intakePayloads + recordPayloads) + " (intakes " + intakePayloads + ", records "
                + recordPayloads + "), bundles=" + bundles + ", receiver-answers=" + receiverAnswers
                + ", inbox-files=" + inboxFiles + ", file-output=" + fileOutput + ", registry-staging=" + registryStaging;
    }
}
