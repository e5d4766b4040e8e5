package org.imsfhir.routes.api.view;

import java.util.List;

/** {@code POST /ims/destinations/{destination}/replay}: how many DEAD deliveries went back to PENDING. */
public record DestinationReplayAnswer(String destination, long replayed, long superseded, List<ReplayAnswer> results) {
}
