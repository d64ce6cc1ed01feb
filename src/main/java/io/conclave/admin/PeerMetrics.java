package io.conclave.admin;

import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionListener;
import io.conclave.election.Peer;
import io.conclave.election.RaftStatus;
import io.conclave.election.ReplicatedStore;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One peer's metrics in a registry of its own (a lab runs several peers in one JVM). Counters count the
 * peer's events from the moment it joins, so this is handed to the join as a listener; gauges read the
 * peer's state at each scrape once {@link #attach} has given them the peer.
 */
final class PeerMetrics implements ElectionListener {

    private static final double[] STORE_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter leaderChanges = Counter.builder().name("conclave_leader_changes_seen")
            .help("Times this peer saw a new leader (the first one included), like etcd_server_leader_changes_seen_total")
            .register(registry);
    private final Counter merges = Counter.builder().name("conclave_merges")
            .help("Merges of partitions this peer took part in").register(registry);
    private final Counter suspicions = Counter.builder().name("conclave_suspicions")
            .help("Members this peer's failure detection suspected").register(registry);
    /** Clients following GET /events now. */
    final AtomicInteger eventStreams = new AtomicInteger();

    PeerMetrics() {
        GaugeWithCallback.builder().name("conclave_admin_event_streams").help("Clients following this peer's GET /events now")
                .callback(cb -> cb.call(eventStreams.get())).register(registry);
    }

    @Override
    public void onLeaderChanged(ElectionEvent.LeaderChanged event) {
        if (event.newLeader() != null) {
            leaderChanges.inc();
        }
    }

    @Override
    public void onMerged(ElectionEvent.Merged event) {
        merges.inc();
    }

    @Override
    public void onMemberSuspected(ElectionEvent.MemberSuspected event) {
        suspicions.inc();
    }

    /** Registers the gauges that read {@code peer}, its JGroups counters and the JVM's metrics. */
    void attach(Peer peer) {
        gauge("conclave_has_leader", "1 if this peer sees a leader, else 0", p -> p.leadership().hasLeader() ? 1 : 0, peer);
        gauge("conclave_is_leader", "1 if this peer holds leadership, else 0", p -> p.isLeader() ? 1 : 0, peer);
        gauge("conclave_epoch", "The fencing token: the view number in coordinator mode, the Raft term in raft mode",
                p -> p.leadership().epoch(), peer);
        gauge("conclave_view_members", "Members in this peer's current view", p -> p.view().size(), peer);
        GaugeWithCallback.builder().name("conclave_leader_silence_seconds").unit(Unit.SECONDS)
                .help("Time since this peer last heard from the leader it sees (0 on the leader; absent without a leader"
                        + " or where the stack cannot tell)")
                .callback(cb -> {
                    if (peer.isLeader()) {
                        cb.call(0);
                    } else {
                        peer.leaderSilence().ifPresent(s -> cb.call(s.silent().toNanos() / 1e9));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("conclave_peer_info").help("This peer's name, cluster, mode and stack")
                .labelNames("peer", "cluster", "mode", "stack")
                .callback(cb -> cb.call(1, peer.name(), peer.cluster(), peer.mode().label(), peer.stack().origin()))
                .register(registry);
        CounterWithCallback.builder().name("conclave_refused")
                .help("Messages dropped because they were not sealed with this cluster's secret, forged or stale (0 on stacks without SEAL)")
                .callback(cb -> cb.call(PeerChannel.refused(peer))).register(registry);
        peer.raft().ifPresent(raft -> raftGauges(peer));
        peer.store().ifPresent(this::storeHistogram);
        PeerChannel.jgroupsMetrics(peer, registry);
        JvmMetrics.builder().register(registry);
    }

    private void raftGauges(Peer peer) {
        raft("conclave_raft_term", "The current Raft term", RaftStatus::term, peer);
        raft("conclave_raft_commit_index", "Index of the last log entry known to be committed", RaftStatus::commitIndex, peer);
        raft("conclave_raft_last_applied", "Index of the last log entry applied to this peer's store", RaftStatus::lastApplied, peer);
        raft("conclave_raft_last_appended", "Index of the last entry in this peer's log", RaftStatus::lastAppended, peer);
        raft("conclave_raft_log_entries", "Entries in this peer's log", RaftStatus::logSize, peer);
        raft("conclave_raft_voting_members", "Voting members as the log defines them", s -> s.votingMembers().size(), peer);
        raft("conclave_raft_reachable_voters", "Voting members in this peer's view, itself included", RaftStatus::reachable, peer);
        raft("conclave_raft_majority", "Voting members needed to elect a leader or commit", RaftStatus::majority, peer);
    }

    private void storeHistogram(ReplicatedStore store) {
        Histogram requests = Histogram.builder().name("conclave_store_request_duration_seconds").unit(Unit.SECONDS)
                .help("Replicated store requests through the Raft log sent from this peer, by operation and outcome")
                .labelNames("operation", "outcome").classicOnly().classicUpperBounds(STORE_SECONDS).register(registry);
        store.addObserver((operation, latency, outcome) ->
                requests.labelValues(operation, outcome).observe(latency.toNanos() / 1e9));
    }

    private void gauge(String name, String help, ToDoubleFunction<Peer> value, Peer peer) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.applyAsDouble(peer))).register(registry);
    }

    private void raft(String name, String help, Function<RaftStatus, Number> value, Peer peer) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(cb -> peer.raftStatus().ifPresent(s -> cb.call(value.apply(s).doubleValue())))
                .register(registry);
    }

    String contentType() {
        return writer.getContentType();
    }

    void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
