package org.imsfhir.routes.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The mutation generator of {@code HostileInputIT}: never fails itself, repeatable by seed, every kind made. */
class HostileBodiesTest {

    @Test
    void tenThousandBodiesFromOneSeedAreTheSameEachTimeAndCoverEveryKind() {
        HostileBodies first = new HostileBodies(7, "https://hostile-bodies-test.example/pms");
        HostileBodies second = new HostileBodies(7, "https://hostile-bodies-test.example/pms");
        Set<String> kinds = new HashSet<>();
        List<Integer> lengths = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            HostileBodies.Body a = first.next();
            HostileBodies.Body b = second.next();
            assertThat(a.mutation()).isEqualTo(b.mutation());
            assertThat(a.text().hashCode()).as(a.mutation()).isEqualTo(b.text().hashCode());
            kinds.add(a.mutation().replaceAll("[^a-zA-Z ].*", "").split(" ")[0]);
            lengths.add(a.text().length());
        }
        assertThat(kinds).contains("replaced", "removed", "repeated", "nested", "huge", "truncated", "NDJSON", "JSON", "XML");
        assertThat(lengths).as("every body under the 5 MB body limit but some large").allMatch(l -> l < 5_000_000)
                .anyMatch(l -> l > 900_000);
    }
}
