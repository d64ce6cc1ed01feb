package io.conclave.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What happens to the leader in a failover trial. */
public enum Fault {
    /** kill -9: the process dies, the kernel closes its sockets. */
    kill,
    /** SIGSTOP held longer than failure detection, then SIGCONT: a hang or a long GC pause. */
    pause,
    /** SIGTERM: the peer leaves gracefully. */
    leave,
    /** The fault protocol isolates the leader: a pulled cable. */
    partition,
    /**
     * The leader is isolated and its TCP connections are reset while it lives (a firewall's reject, a container's
     * network detached): the others exclude it through FD_SOCK2's fast path, ~0.1 s, not FD_ALL3's timeout.
     */
    partition_reset;

    /** The name on the command line: "partition-reset". */
    public String label() {
        return name().replace('_', '-');
    }

    @Override
    public String toString() {
        return label();
    }

    /** The fault named {@code label}; one clear line listing the names otherwise. */
    public static Fault of(String label) {
        for (Fault fault : values()) {
            if (fault.label().equals(label.toLowerCase(Locale.ROOT))) {
                return fault;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + label + "'; one of "
                + Arrays.stream(values()).map(Fault::label).collect(Collectors.joining(", ")));
    }
}
