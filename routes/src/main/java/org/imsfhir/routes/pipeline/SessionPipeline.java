package org.imsfhir.routes.pipeline;

import java.util.List;
import org.imsfhir.adapter.record.ImsSession;

/**
 * The adapter library as the service sees it: read + check, then map + validate. The service
 * never maps or validates by itself; this port keeps the routes independent of how the adapter
 * facades are put together.
 */
public interface SessionPipeline {

    /**
     * Splits a payload into records, reading and checking each on its own (one bad record never
     * blocks the others).
     *
     * @throws UnreadablePayloadException when the payload as a whole cannot be split (broken JSON)
     */
    List<ReadRecord> read(String payload, PayloadFormat format) throws UnreadablePayloadException;

    /** Maps one checked session to its transaction Bundle and validates it against the profiles. */
    Judgement judge(ImsSession session);
}
