package org.imsfhir.routes.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClinicTagsTest {

    @Test
    void configuredClinicsAreAlwaysTheirOwnTagEvenWhenTheCapIsReached() {
        ClinicTags tags = new ClinicTags(List.of("https://a.example/pms", "*"), 0);
        assertThat(tags.of("https://a.example/pms|S-1", false)).isEqualTo("https://a.example/pms");
        assertThat(tags.of("https://b.example/pms|S-1", true)).isEqualTo(ClinicTags.OTHER);
        assertThat(tags.of("*|S-1", true)).as("the wildcard is no clinic").isEqualTo(ClinicTags.OTHER);
    }

    @Test
    void otherSystemsBecomeTagsOnlyOnceCheckedAndUpToTheCap() {
        ClinicTags tags = new ClinicTags(List.of(), 2);
        assertThat(tags.of("https://b.example/pms|S-1", false)).as("not checked: not admitted").isEqualTo(ClinicTags.OTHER);
        assertThat(tags.of("https://b.example/pms|S-1", true)).isEqualTo("https://b.example/pms");
        assertThat(tags.of("https://b.example/pms|S-2", false)).as("once admitted, always").isEqualTo("https://b.example/pms");
        assertThat(tags.of("https://c.example/pms|S-1", true)).isEqualTo("https://c.example/pms");
        assertThat(tags.of("https://d.example/pms|S-1", true)).as("over the cap").isEqualTo(ClinicTags.OTHER);
    }

    @Test
    void noKeyNoTextAndNoOverlongValuesBecomeTags() {
        ClinicTags tags = new ClinicTags(List.of(), 10);
        assertThat(tags.of(null, true)).isEqualTo(ClinicTags.NONE);
        assertThat(tags.of("Doe John|S-1", true)).as("white space: not a system URI").isEqualTo(ClinicTags.OTHER);
        assertThat(tags.of("https://x.example/" + "a".repeat(ClinicTags.MAX_LENGTH) + "|S-1", true)).isEqualTo(ClinicTags.OTHER);
        assertThat(tags.of("https://x.example/\u00e9|S-1", true)).isEqualTo(ClinicTags.OTHER);
    }
}
