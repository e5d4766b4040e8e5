package org.imsfhir.routes.camel;

/**
 * A copy of an exception chain with class names and stack frames but no messages: exception
 * messages may quote input values (patient data), so they never reach a log line.
 */
public final class SafeThrowable extends RuntimeException {

    private SafeThrowable(Throwable original, Throwable cause) {
        super(original.getClass().getName(), cause, false, true);
        setStackTrace(original.getStackTrace());
    }

    public static Throwable of(Throwable t) {
        return t == null ? null : new SafeThrowable(t, t.getCause() == t ? null : of(t.getCause()));
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
