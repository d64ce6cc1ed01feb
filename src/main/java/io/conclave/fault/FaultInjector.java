package io.conclave.fault;

import java.util.List;
import java.util.Set;

/**
 * Where the fault commands act: one peer's {@link FAULTS} (which sends the cut to every peer), or the lab,
 * which does the same through one of its peers and also records the fault.
 */
public interface FaultInjector {

    /** Cuts the cluster into sides (see {@link Cut}); returns the cut as sent. */
    Cut partition(List<Set<String>> sides);

    /** Cuts one peer off from all others. */
    Cut isolate(String name);

    /**
     * Resets {@code name}'s TCP failure-detection connections while its process lives, as a firewall's reject or
     * a network detach would: the others exclude it through FD_SOCK2's fast path (~0.1 s) instead of FD_ALL3's
     * timeout. A peer can reset only its own connections; the lab, any of its peers'.
     */
    void resetConnections(String name);

    /** Removes the cut everywhere. */
    Cut heal();

    /** What is currently cut (and, where known, paused or stopped), one fact a line. */
    String describeFaults();
}
