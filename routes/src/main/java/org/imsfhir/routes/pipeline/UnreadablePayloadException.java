package org.imsfhir.routes.pipeline;

/**
 * The payload as a whole cannot be split into records (e.g. broken JSON). The message names the
 * position of the problem, never the payload's content.
 */
public class UnreadablePayloadException extends Exception {

    public UnreadablePayloadException(String message) {
        super(message);
    }
}
