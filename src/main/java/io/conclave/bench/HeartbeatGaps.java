package io.conclave.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How long a follower went without hearing from its leader between two messages, rebuilt from samples of
 * its silence (the peer's {@code leader -o json} field {@code last_heard_ms}, from spi/LastHeard) taken in
 * order. A drop in the silence means the leader was heard between two samples; the sample before the drop
 * is how long it had been silent by then: the gap, short by at most one sampling interval. Several messages
 * between two samples count as one gap, so short gaps are under-counted and the long ones, which decide
 * suspicions, are kept.
 */
final class HeartbeatGaps {

    private final List<Double> gapsMillis = new ArrayList<>();
    private String leader;
    private Double lastSilence;

    /**
     * One sample: the leader this peer named and how long it had not heard from it, or null where it cannot
     * tell (it leads itself, it sees no leader). A new leader starts a new series: its silence says nothing
     * about the old one's.
     */
    void sample(String leader, Double silenceMillis) {
        if (lastSilence != null && silenceMillis != null && Objects.equals(leader, this.leader) && silenceMillis < lastSilence) {
            gapsMillis.add(lastSilence);
        }
        this.leader = leader;
        this.lastSilence = silenceMillis;
    }

    List<Double> gapsMillis() {
        return List.copyOf(gapsMillis);
    }
}
