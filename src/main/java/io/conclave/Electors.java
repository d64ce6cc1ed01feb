package io.conclave;

import io.conclave.coordinator.CoordinatorElector;
import io.conclave.raft.RaftElector;
import io.conclave.spi.LeaderElector;
import io.conclave.stack.StackDefinition;

/** Picks the elector for a stack: raft.RAFT in the stack means raft mode, anything else coordinator mode. */
final class Electors {

    private Electors() {
    }

    static LeaderElector forStack(StackDefinition stack) {
        return switch (stack.mode()) {
            case COORDINATOR -> new CoordinatorElector();
            case RAFT -> new RaftElector();
        };
    }
}
