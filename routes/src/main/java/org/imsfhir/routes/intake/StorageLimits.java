package org.imsfhir.routes.intake;

import java.util.ArrayList;
import java.util.List;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.engine.ReadRecord;

/**
 * What the stores can hold of a record, checked before anything is written, so that a record with
 * a value too long for its column (or a character PostgreSQL text cannot hold) is REJECTED with the
 * field path and the limit instead of failing its insert (a 500, and a poison intake at every
 * restart). The limits are the columns of {@code db/schema}: the session key of
 * {@code ims_message}/{@code ims_delivery}, and the record values the registry consent table and
 * the claim table key on. Reasons never quote the values.
 */
public final class StorageLimits {

    /** {@code ims_message.session_key}, {@code ims_delivery.session_key}, {@code ims_claim.session_key}. */
    public static final int SESSION_KEY = 800;
    /** {@code ims_registry_consent.source_system}. */
    public static final int SOURCE_SYSTEM = 512;
    /** {@code ims_registry_consent.patient_id}. */
    public static final int PATIENT_ID = 256;
    /** {@code ims_claim.payer_id}. */
    public static final int PAYER_ID = 128;

    private StorageLimits() {
    }

    /**
     * The record as it can be stored: unchanged when every limit holds; else with one violation per
     * value over its limit added, and without its session key when the key itself cannot be stored
     * (the message is then kept without one).
     */
    public static ReadRecord apply(ReadRecord record) {
        List<Violation> problems = new ArrayList<>();
        ImsSession s = record.session();
        String system = s != null && s.source() != null ? s.source().system() : systemOf(record.sessionKey());
        String sessionId = s != null ? s.sessionId() : sessionIdOf(record.sessionKey());
        boolean keyStorable = true;
        if (record.sessionKey() != null) {
            keyStorable = checkKey(record.sessionKey(), system, sessionId, problems);
        }
        if (system != null && keyStorable) {
            check("source.system", system, SOURCE_SYSTEM, problems);
        }
        if (s != null && s.patient() != null) {
            check("patient.id", s.patient().id(), PATIENT_ID, problems);
        }
        if (s != null && s.billing() != null) {
            check("billing.payerId", s.billing().payerId(), PAYER_ID, problems);
        }
        if (problems.isEmpty()) {
            return record;
        }
        List<Violation> all = new ArrayList<>(record.violations());
        all.addAll(problems);
        return new ReadRecord(record.index(), record.line(), record.rawText(), keyStorable ? record.sessionKey() : null,
                record.session(), all);
    }

    private static boolean checkKey(String key, String system, String sessionId, List<Violation> problems) {
        if (key.indexOf('\u0000') >= 0) {
            String path = sessionId != null && sessionId.indexOf('\u0000') >= 0 ? "sessionId" : "source.system";
            problems.add(Violation.error(path, nul()));
            return false;
        }
        if (key.length() <= SESSION_KEY) {
            return true;
        }
        if (system != null && system.length() > SOURCE_SYSTEM) {
            problems.add(Violation.error("source.system", tooLong(system.length(), SOURCE_SYSTEM)));
        } else {
            int room = SESSION_KEY - 1 - (system == null ? 0 : system.length());
            problems.add(Violation.error("sessionId", "is " + (sessionId == null ? key.length() : sessionId.length())
                    + " characters long; with source.system it must make a session key of at most " + SESSION_KEY
                    + " characters (the limit of the message store), so at most " + room + " here"));
        }
        return false;
    }

    private static void check(String path, String value, int limit, List<Violation> problems) {
        if (value == null) {
            return;
        }
        if (value.indexOf('\u0000') >= 0) {
            problems.add(Violation.error(path, nul()));
        } else if (value.length() > limit) {
            problems.add(Violation.error(path, tooLong(value.length(), limit)));
        }
    }

    private static String tooLong(int length, int limit) {
        return "is " + length + " characters long; at most " + limit + " can be stored (the limit of the message store)";
    }

    private static String nul() {
        return "contains the character U+0000, which the message store cannot hold";
    }

    private static String systemOf(String key) {
        int bar = key == null ? -1 : key.indexOf('|');
        return bar < 0 ? null : key.substring(0, bar);
    }

    private static String sessionIdOf(String key) {
        int bar = key == null ? -1 : key.indexOf('|');
        return bar < 0 ? key : key.substring(bar + 1);
    }
}
