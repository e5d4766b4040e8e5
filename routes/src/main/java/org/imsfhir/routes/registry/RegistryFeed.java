package org.imsfhir.routes.registry;

import org.imsfhir.adapter.registry.RegistryFeedMapper;

/** One configured registry at run time: its settings, its keyed mapper, and how batches reach it. */
public record RegistryFeed(String id, RegistryProperties.Feed config, RegistryFeedMapper mapper, BatchSender sender) {
}
