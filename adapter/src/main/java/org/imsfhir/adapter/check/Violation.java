package org.imsfhir.adapter.check;

/**
 * One problem with an input record: the field path in the record (e.g.
 * {@code treatedSites[1].spinalLevel}, empty for the whole record) and a plain reason.
 * Reasons never quote patient data values.
 */
public record Violation(String path, String reason, Level level) {

    public enum Level { ERROR, WARNING }

    public static Violation error(String path, String reason) {
        return new Violation(path, reason, Level.ERROR);
    }

    public static Violation warning(String path, String reason) {
        return new Violation(path, reason, Level.WARNING);
    }

    public boolean isError() {
        return level == Level.ERROR;
    }

    @Override
    public String toString() {
        return (path.isEmpty() ? "(record)" : path) + ": " + reason;
    }
}
