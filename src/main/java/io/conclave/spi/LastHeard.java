package io.conclave.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * A protocol in the stack that knows how long ago this peer last received anything from a member. The
 * runtime uses it to tell when the leader a view names has gone silent (see
 * {@link io.conclave.election.Peer#leaderSilence()}); the fault-injection protocol provides it.
 */
public interface LastHeard {

    /** The protocol of {@code stack} that tracks what was heard from whom, if the stack has one. */
    static Optional<LastHeard> in(org.jgroups.stack.ProtocolStack stack) {
        return stack.getProtocols().stream().filter(LastHeard.class::isInstance).map(LastHeard.class::cast).findFirst();
    }

    /** Time since the last message from {@code member} arrived; empty if none has arrived yet. */
    Optional<Duration> silence(String member);
}
