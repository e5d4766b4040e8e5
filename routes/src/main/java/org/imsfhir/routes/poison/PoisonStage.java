package org.imsfhir.routes.poison;

import java.util.Locale;

/** Where an item was set aside: the values of the {@code stage} tag of {@link PoisonRecords#METRIC} (a fixed set). */
public enum PoisonStage {
    /** Start-up recovery of an intake left unfinished by an earlier run. */
    RECOVERY,
    /** Judging a record as it came in (an internal error on that record only). */
    INTAKE,
    /** A record whose values exceed a limit of the message store (column length, U+0000). */
    STORAGE,
    /** An outbox delivery whose attempt broke off with an internal error. */
    DELIVERY,
    /** A registry batch or a session of one whose processing broke off. */
    REGISTRY;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
