package org.imsfhir.routes.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retention run: the database first (records, then intakes), then the files, then one summary
 * row in the access audit when anything was removed, and one INFO line with the counts (never names
 * or ids: inbox file names can carry patient names). Safe to run at any time and on several
 * instances at once; a run that finds nothing due changes nothing.
 */
public class RetentionPurge {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

    private final RetentionProperties periods;
    private final RetentionStore store;
    private final RetentionFiles files;
    private final RegistryHolds registry;

    public RetentionPurge(RetentionProperties periods, RetentionStore store, RetentionFiles files, RegistryHolds registry) {
        this.periods = periods;
        this.store = store;
        this.files = files;
        this.registry = registry;
    }

    /** Runs the purge once; what it removed per data class. */
    public RetentionCounts run() {
        long started = System.nanoTime();
        RetentionCounts counts = store.purge(periods);
        counts = counts.plus(files.purge(periods, registry.openStaging()));
        if (counts.total() > 0) {
            store.auditRun(counts);
        }
        LOG.info("Retention purge: {} ({} ms)", counts.summary(), (System.nanoTime() - started) / 1_000_000);
        return counts;
    }
}
