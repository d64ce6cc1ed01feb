package io.conclave.bench;

/**
 * A bench could not measure what it was asked to: the cluster never reached the state a trial waits for (one
 * view and one leader, say) within the bench's time-out. The message says what the peers saw instead. Not a bug
 * in the tool and not bad input: the measurement itself failed, so the command exits 1 with that line.
 */
public final class BenchFailure extends RuntimeException {

    BenchFailure(String message) {
        super(message);
    }
}
