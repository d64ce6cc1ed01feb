package io.conclave.poll;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one "poll until a time limit" loop of the code: the lab waiting for a cut to arrive, a script's
 * {@code check}, raft waiting for a membership change to apply, the benches waiting for agreement. It sits
 * in a package of its own, below core and tools alike, so that every one of them can use it. (Tests wait
 * with Awaitility instead.)
 */
public final class Poll {

    private Poll() {
    }

    /**
     * Probes at once, then every {@code every} until {@code done} accepts the answer or {@code atMost} has
     * passed, and returns the last answer, so a caller that timed out can say what it saw.
     */
    public static <T> T until(Supplier<T> probe, Predicate<? super T> done, Duration atMost, Duration every)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        T answer = probe.get();
        while (!done.test(answer) && System.nanoTime() - deadline < 0) {
            Thread.sleep(every.toMillis());
            answer = probe.get();
        }
        return answer;
    }

    /** Whether {@code condition} held within {@code atMost}, checked every {@code every}. */
    public static boolean until(BooleanSupplier condition, Duration atMost, Duration every) throws InterruptedException {
        return until(condition::getAsBoolean, Boolean::booleanValue, atMost, every);
    }
}
