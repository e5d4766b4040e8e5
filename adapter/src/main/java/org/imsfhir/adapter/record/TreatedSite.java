package org.imsfhir.adapter.record;

/**
 * One needled site: a muscle (code from the {@code ims-muscle} list) on one side, local or
 * segmental (then with a spinal level), with the number of needle insertions and twitch responses.
 */
public record TreatedSite(
        String muscle,
        Side side,
        SiteType siteType,
        String spinalLevel,
        Integer insertions,
        Integer twitchResponses) {
}
