package org.imsfhir.routes.logs;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/**
 * The log context of the work on one record (docs/operations.md, "Logs"): while an intake is
 * split and stored, a record judged or a delivery attempted, every log line of that thread carries
 * the ids below in the MDC (plain text: in brackets before the logger name; JSON: as fields). Ids and
 * destination names only, never patient data. Set with try-with-resources, so the keys are removed
 * (and earlier values restored) when the work is done, also on the pooled threads.
 */
public final class RecordMdc implements AutoCloseable {

    /** The store's key of the intake (payload) the record came in. */
    public static final String INTAKE_ID = "intakeId";
    /** The store's key of the record (message). */
    public static final String MESSAGE_ID = "messageId";
    /** The store's key of the delivery being attempted. */
    public static final String DELIVERY_ID = "deliveryId";
    /** The destination of that delivery (its configured name). */
    public static final String DESTINATION = "destination";

    private final List<String[]> previous = new ArrayList<>();

    private RecordMdc() {
    }

    /** The intake being split, stored and judged. */
    public static RecordMdc intake(long intakeId) {
        return new RecordMdc().put(INTAKE_ID, Long.toString(intakeId));
    }

    /** A record being judged. */
    public static RecordMdc record(long intakeId, long messageId) {
        return new RecordMdc().put(INTAKE_ID, Long.toString(intakeId)).put(MESSAGE_ID, Long.toString(messageId));
    }

    /** A stored record worked on outside its intake (e.g. by a registry batch). */
    public static RecordMdc message(long messageId) {
        return new RecordMdc().put(MESSAGE_ID, Long.toString(messageId));
    }

    /** A delivery attempt ({@code intakeId} 0 when unknown: not set). */
    public static RecordMdc delivery(long intakeId, long messageId, long deliveryId, String destination) {
        RecordMdc mdc = new RecordMdc();
        if (intakeId > 0) {
            mdc.put(INTAKE_ID, Long.toString(intakeId));
        }
        return mdc.put(MESSAGE_ID, Long.toString(messageId)).put(DELIVERY_ID, Long.toString(deliveryId))
                .put(DESTINATION, destination);
    }

    private RecordMdc put(String key, String value) {
        previous.add(new String[] {key, MDC.get(key)});
        MDC.put(key, value);
        return this;
    }

    @Override
    public void close() {
        for (int i = previous.size() - 1; i >= 0; i--) {
            String[] p = previous.get(i);
            if (p[1] == null) {
                MDC.remove(p[0]);
            } else {
                MDC.put(p[0], p[1]);
            }
        }
    }
}
