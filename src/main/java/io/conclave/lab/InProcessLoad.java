package io.conclave.lab;

import io.conclave.stack.ProtocolSpec;
import io.conclave.stack.StackDefinition;
import io.conclave.stack.TimeAttribute;

import java.util.Optional;
import java.util.Set;

/**
 * What many peers in one process cost that process while nothing happens: every peer multicasts its failure
 * detector's heartbeat and MERGE3's INFO, and every other peer receives each one, so the messages handled grow
 * with the square of the peers (docs/benchmarks.md, "Scale"). Known from the stack file before anything starts,
 * so the lab and the in-process benches can say up front that a cluster will not fit on this machine, instead of
 * leaving the user to puzzle over views that split and merge.
 *
 * @param peers             peers in the process
 * @param heartbeatMs       the all-to-all failure detector's heartbeat interval
 * @param infoMs            MERGE3's mean INFO interval (its max_interval), 0 if the stack has none
 * @param messagesPerSecond messages received per second by all the peers together
 */
public record InProcessLoad(int peers, long heartbeatMs, long infoMs, double messagesPerSecond) {

    /**
     * Received messages a second one core handles, heartbeat fan-out in the kernel included, in a cluster that is
     * still forming: on the 2-core box of docs/benchmarks.md ("Scale"), 90 peers joined one after the other received
     * about 54,000 a second and had both cores (their views began to split); 50 settled idle peers, 18,800 a second
     * on 0.41 cores, did better.
     */
    static final double MESSAGES_PER_CORE = 27_000;
    /** Beyond this share of the cores, idle traffic leaves too little for joins, faults, merges and the shell. */
    static final double CORE_SHARE = 0.75;

    private static final Set<String> ALL_TO_ALL = Set.of("FD_ALL3", "FD_ALL2", "FD_ALL");
    /** Heartbeats through the coordinator: each member's to it, its own to all. */
    private static final String HUB = "FD_HUB";
    private static final Set<String> MERGES = Set.of("MERGE3", "SERIAL_MERGE3");
    /** JGroups' defaults, for a stack that declares the protocol without the attribute. */
    private static final long DEFAULT_HEARTBEAT_MS = 8_000;
    private static final long DEFAULT_INFO_MS = 10_000;

    /** The load of {@code peers} peers of {@code stack}; empty without an all-to-all detector or with a placeholder. */
    public static Optional<InProcessLoad> of(StackDefinition stack, int peers) {
        boolean hub = stack.protocols().stream().anyMatch(p -> p.simpleName().equals(HUB));
        Long heartbeat = interval(stack, hub ? Set.of(HUB) : ALL_TO_ALL, "interval", DEFAULT_HEARTBEAT_MS);
        if (heartbeat == null || heartbeat <= 0) {
            return Optional.empty();
        }
        Long info = interval(stack, MERGES, "max_interval", DEFAULT_INFO_MS);
        long infoMs = info == null || info <= 0 ? 0 : info;
        double heartbeats = 1000.0 / heartbeat * (hub ? 2.0 * (peers - 1) : (double) peers * (peers - 1));
        double infos = infoMs == 0 ? 0 : 1000.0 / infoMs * peers * (peers - 1);
        return Optional.of(new InProcessLoad(peers, heartbeat, infoMs, heartbeats + infos));
    }

    /** What to tell the user before {@code peers} peers of {@code stack} start in this process on this machine's cores. */
    public static Optional<String> warningFor(StackDefinition stack, int peers) {
        return of(stack, peers).flatMap(load -> load.warning(Runtime.getRuntime().availableProcessors()));
    }

    private static Long interval(StackDefinition stack, Set<String> protocols, String attribute, long absent) {
        return stack.protocols().stream().filter(p -> protocols.contains(p.simpleName())).findFirst()
                .map(ProtocolSpec::attributes).map(a -> TimeAttribute.millis(a.get(attribute), absent)).orElse(null);
    }

    /** The cores this load would keep busy, at {@link #MESSAGES_PER_CORE}. */
    public double cores() {
        return messagesPerSecond / MESSAGES_PER_CORE;
    }

    /** What to tell the user if this load would take more than {@link #CORE_SHARE} of {@code cores}; empty if it fits. */
    public Optional<String> warning(int cores) {
        if (cores() <= CORE_SHARE * cores) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT, "warning: %d peers in one process receive about %,d messages a"
                        + " second between them while idle (heartbeats every %d ms%s from each peer), about %.1f cores'"
                        + " work on the box of docs/benchmarks.md (\"Scale\"), and this machine has %d: expect late heartbeats,"
                        + " views that split and merge, and leaders that change. Run fewer peers, the udp-large stack (its"
                        + " heartbeats go through the coordinator), or real peer processes on more machines", peers, Math.round(messagesPerSecond), heartbeatMs,
                infoMs == 0 ? "" : " and MERGE3 INFO about every " + infoMs + " ms", cores(), cores));
    }
}
