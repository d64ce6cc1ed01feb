package io.conclave.poll;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PollTest {

    private final AtomicInteger probes = new AtomicInteger();

    @Test
    void probesOnceWhenTheFirstAnswerIsDone() throws InterruptedException {
        int answer = Poll.until(probes::incrementAndGet, n -> true, Duration.ofSeconds(10), Duration.ofSeconds(10));

        assertThat(answer).isEqualTo(1);
        assertThat(probes).hasValue(1);
    }

    @Test
    void probesAgainUntilTheAnswerIsDone() throws InterruptedException {
        int answer = Poll.until(probes::incrementAndGet, n -> n == 3, Duration.ofSeconds(30), Duration.ofMillis(1));

        assertThat(answer).isEqualTo(3);
    }

    @Test
    void returnsTheLastAnswerOnceTheTimeIsUp() throws InterruptedException {
        long start = System.nanoTime();
        int answer = Poll.until(probes::incrementAndGet, n -> false, Duration.ofMillis(50), Duration.ofMillis(5));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(answer).isEqualTo(probes.get()).isGreaterThan(1);
    }

    @Test
    void aZeroTimeLimitProbesOnce() throws InterruptedException {
        assertThat(Poll.until(() -> probes.incrementAndGet() > 1, Duration.ZERO, Duration.ofMillis(1))).isFalse();
        assertThat(probes).hasValue(1);
    }
}
