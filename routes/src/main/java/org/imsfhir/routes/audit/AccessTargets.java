package org.imsfhir.routes.audit;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names what a request was about, for the access audit: the path template as the action (so ids
 * never make actions unique) and the id in the path as the target. A flat table of the API's paths.
 */
final class AccessTargets {

    /** What a request touched: e.g. {@code GET /ims/sessions/{id}} on {@code session:<id>}. */
    record Named(String action, String target) {
    }

    private record Rule(Pattern path, String template, String targetKind) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("/ims/sessions/([^/]+)"), "/ims/sessions/{id}", "session"),
            new Rule(Pattern.compile("/ims/deliveries/([^/]+)/replay"), "/ims/deliveries/{id}/replay", "delivery"),
            new Rule(Pattern.compile("/ims/destinations/([^/]+)/replay"), "/ims/destinations/{destination}/replay", "destination"),
            new Rule(Pattern.compile("/ims/registries/[^/]+/batches/([^/]+)/replay"),
                    "/ims/registries/{registry}/batches/{batchId}/replay", "batch"),
            new Rule(Pattern.compile("/ims/registries/([^/]+)/batches"), "/ims/registries/{registry}/batches", "registry"),
            new Rule(Pattern.compile("/ims/registries/([^/]+)/exclusions"), "/ims/registries/{registry}/exclusions", "registry"));

    private AccessTargets() {
    }

    static Named of(String method, String path) {
        for (Rule rule : RULES) {
            Matcher m = rule.path().matcher(path);
            if (m.matches()) {
                return new Named(method + " " + rule.template(), rule.targetKind() + ":" + m.group(1));
            }
        }
        // Paths without an id (listings, intake, actuator) are their own template; unknown paths are
        // cut short so a caller cannot fill the audit with long strings.
        String shown = path.length() > 80 ? path.substring(0, 80) + "..." : path;
        return new Named(method + " " + shown, null);
    }
}
