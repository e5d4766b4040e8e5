package org.imsfhir.adapter.claim;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.imsfhir.adapter.record.TreatedSite;

/**
 * How a payer counts "muscles" for the CPT 20560/20561 split (payer-dependent; docs/claims.md).
 * The record contract's default is {@link #DISTINCT_MUSCLE}: the same muscle needled on both sides
 * counts once.
 */
public enum CountingRule {
    /** One per distinct muscle code, whatever the side (the default). */
    DISTINCT_MUSCLE,
    /** One per distinct (muscle, side) pair: left and right trapezius count two. */
    MUSCLE_AND_SIDE;

    /** The number of muscles of the treated sites under this rule. */
    public int count(List<TreatedSite> sites) {
        return switch (this) {
            case DISTINCT_MUSCLE -> sites.stream().map(TreatedSite::muscle).collect(Collectors.toSet()).size();
            case MUSCLE_AND_SIDE -> sites.stream().map(s -> s.muscle() + "|" + Objects.toString(s.side(), ""))
                    .collect(Collectors.toSet()).size();
        };
    }
}
