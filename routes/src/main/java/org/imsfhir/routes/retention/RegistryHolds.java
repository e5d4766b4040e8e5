package org.imsfhir.routes.retention;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the registry feeds still need, so that retention leaves it alone: the text of VALID records
 * no batch of an enabled feed has delivered yet (batches are cut, and excluded sessions tried again,
 * from {@code ims_message.raw_payload}), and the staging folders of batches not yet delivered
 * (WRITTEN waits for a retry, DEAD for a replay: both send the staged files).
 */
public class RegistryHolds {

    private final JdbcClient jdbc;
    private final List<String> enabledFeeds;

    public RegistryHolds(DataSource dataSource, Collection<String> enabledFeeds) {
        this.jdbc = JdbcClient.create(dataSource);
        this.enabledFeeds = List.copyOf(enabledFeeds);
    }

    /**
     * The highest message id every enabled feed has delivered a batch past: batches are contiguous,
     * and a new one is cut only once the last is delivered. A feed with no delivered batch holds
     * every record; with no feeds, nothing is held.
     */
    public long horizon() {
        long horizon = Long.MAX_VALUE;
        for (String feed : enabledFeeds) {
            horizon = Math.min(horizon, jdbc.sql("""
                    select coalesce(max(to_message_id), 0) from ims_registry_batch
                    where registry = :r and state = 'DELIVERED'""").param("r", feed).query(Long.class).single());
        }
        return horizon;
    }

    /** Of these VALID records, those an enabled feed left out and still tries again (exclusion OPEN). */
    public Set<Long> held(Collection<Long> messageIds) {
        if (enabledFeeds.isEmpty() || messageIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("""
                select message_id from ims_registry_exclusion
                where state = 'OPEN' and registry in (:feeds) and message_id in (:ids)""")
                .param("feeds", enabledFeeds).param("ids", messageIds).query(Long.class).list());
    }

    /** Staging folders of batches not yet delivered: kept whatever their age. */
    public List<Path> openStaging() {
        return jdbc.sql("select staging_dir from ims_registry_batch where state <> 'DELIVERED'")
                .query(String.class).list().stream().map(Path::of).toList();
    }
}
