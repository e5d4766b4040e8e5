package org.imsfhir.adapter.validation;

import java.util.Objects;

/**
 * One finding of the {@link ProfileValidator}.
 *
 * <p>Tests and callers key on {@link #location()}, {@link #messageId()}, {@link #code()} and
 * {@link #invariant()}; {@link #message()} is the validator's English text and may quote element
 * values of the checked resource, so it must never be logged (it can hold patient data).
 *
 * @param severity  error, warning or information
 * @param location  FHIRPath of the offending element, e.g.
 *                  {@code Bundle.entry[3].resource.extension[0].extension[2].value.ofType(code)};
 *                  the HL7 validator's readability comments ({@code /*Procedure/null*}{@code /}) are removed
 * @param messageId the HL7 validator's message id (e.g. {@code Terminology_TX_NoValid_16},
 *                  {@code Extension_EXT_Unknown}; for a failed invariant the validator uses
 *                  {@code <profile url>#<key>}) or one of this module's own ids ({@code IMS_*}); empty
 *                  for the few JSON syntax findings the validator gives no id
 * @param code      the FHIR issue type code (OperationOutcome.issue.code), e.g. {@code invariant},
 *                  {@code code-invalid}, {@code structure}, {@code required}
 * @param invariant the constraint key (e.g. {@code ims-site-1}, {@code dom-6}) when the issue is a failed
 *                  FHIRPath invariant, else {@code null}
 * @param message   human-readable text; for people, not for programs or logs
 */
public record ValidationIssue(
        Severity severity, String location, String messageId, String code, String invariant, String message) {

    public enum Severity {
        FATAL, ERROR, WARNING, INFORMATION;

        public boolean isError() {
            return this == FATAL || this == ERROR;
        }

        /** FHIR code of OperationOutcome.issue.severity. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ValidationIssue {
        Objects.requireNonNull(severity, "severity");
        location = location == null ? "" : location;
        messageId = messageId == null ? "" : messageId;
        code = code == null || code.isBlank() ? "processing" : code;
        message = message == null ? "" : message;
    }

    public boolean isError() {
        return severity.isError();
    }

    /** A short form without the message text: safe for logs (no element values). */
    public String toLogString() {
        return severity.code() + " " + messageId + (invariant == null ? "" : "[" + invariant + "]") + " at " + location;
    }
}
