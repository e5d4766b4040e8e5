package org.imsfhir.routes.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

/** Readiness's {@code validator} component: DOWN until the warm-up has finished, and DOWN when it failed. */
class ValidatorWarmUpTest {

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void upWhileItWarmsSinceTheValidatorIsBuiltThenDoneBeforeTheReferenceValidatorIsWarm() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch referenceRelease = new CountDownLatch(1);
        CountDownLatch referenceDone = new CountDownLatch(1);
        ValidatorWarmUp warmUp = new ValidatorWarmUp(() -> waitFor(release), () -> {
            waitFor(referenceRelease);
            referenceDone.countDown();
        });
        ValidatorHealthIndicator health = new ValidatorHealthIndicator(warmUp);
        assertThat(health.health().getStatus()).as("not started yet: the validator is built all the same").isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("warmUp", "in progress");

        warmUp.start(executor);
        warmUp.start(executor); // a second start does nothing
        await().until(() -> warmUp.state() == ValidatorWarmUp.State.WARMING);
        assertThat(health.health().getStatus()).as("while warming").isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("warmUp", "in progress");

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(health.health().getDetails().get("warmUp")));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsKey("tookMs");
        assertThat(warmUp.finished()).as("the HL7 validator still warms").isFalse();
        assertThat(referenceDone.getCount()).as("the HL7 validator still warming, readiness not waiting for it").isEqualTo(1);
        referenceRelease.countDown();
        assertThat(referenceDone.await(10, TimeUnit.SECONDS)).as("then warmed in the same task").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(warmUp::finished);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFailedWarmUpMakesReadinessDownNamingTheErrorClassOnly() {
        ValidatorWarmUp warmUp = new ValidatorWarmUp(() -> {
            throw new IllegalStateException("secret detail");
        }, null);
        warmUp.start(executor);
        ValidatorHealthIndicator health = new ValidatorHealthIndicator(warmUp);
        await().atMost(Duration.ofSeconds(10)).until(() -> warmUp.state() == ValidatorWarmUp.State.FAILED);
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("error", IllegalStateException.class.getName());
        assertThat(health.health().getDetails().toString()).doesNotContain("secret detail");
    }

    @Test
    void warmUpOffIsNothingToWaitFor() {
        ValidatorHealthIndicator health = new ValidatorHealthIndicator(new ValidatorWarmUp(null, null));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("warmUp", "off");
    }
}
