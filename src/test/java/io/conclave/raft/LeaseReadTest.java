package io.conclave.raft;

import io.conclave.election.Peer;
import io.conclave.election.ReplicatedStore;
import io.conclave.election.StoreException;
import io.conclave.peer.PeerRuntime;
import io.conclave.support.LeadershipLog;
import io.conclave.support.LinearizabilityChecker;
import io.conclave.support.RegisterHistory;
import io.conclave.support.RegisterHistory.Kind;
import io.conclave.support.RegisterHistory.Op;
import io.conclave.support.TestCluster;
import org.jgroups.protocols.raft.election.BaseElection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lease reads on real channels: the leader answers linearizable reads from its copy while it holds the lease, and
 * a leader cut off with its connections reset (the new leader is known in ~0.1 s, well inside the old lease)
 * never answers a read that misses a write the new leader acknowledged before the read began.
 */
class LeaseReadTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path data;

    @Test
    void theLeaderAnswersReadsFromItsCopyWithoutALogEntryAndFollowersReadThroughTheLog() {
        try (TestCluster cluster = new TestCluster("raft-udp", data).members("A", "B", "C")) {
            cluster.start("A", "B", "C");
            Peer leader = cluster.peer(cluster.awaitOneLeader());
            ReplicatedStore store = leader.store().orElseThrow();
            store.put("k", "1", TIMEOUT);
            store.get("k", false, TIMEOUT); // the term's first read goes through the log and marks the term ready
            long appended = leader.raftStatus().orElseThrow().lastAppended();
            for (int i = 0; i < 50; i++) {
                assertThat(store.get("k", false, TIMEOUT)).contains("1");
            }
            assertThat(store.keys(TIMEOUT)).containsExactly("k");
            assertThat(leader.raftStatus().orElseThrow().lastAppended()).as("no log entry per read").isEqualTo(appended);
            assertThat(((RaftStore) store).leaseReadsAnswered()).isGreaterThanOrEqualTo(51);

            Peer follower = cluster.live().stream().filter(p -> p != leader).findFirst().orElseThrow();
            assertThat(follower.store().orElseThrow().get("k", false, TIMEOUT)).contains("1");
            assertThat(leader.raftStatus().orElseThrow().lastAppended()).as("a follower's read is a log entry")
                    .isEqualTo(appended + 1);
        }
    }

    @Test
    void withLeaseReadsOffEveryReadIsALogEntry() {
        try (TestCluster cluster = new TestCluster("raft-udp", data, Map.of("conclave.lease_reads", "false"))
                .members("A", "B", "C")) {
            cluster.start("A", "B", "C");
            Peer leader = cluster.peer(cluster.awaitOneLeader());
            ReplicatedStore store = leader.store().orElseThrow();
            store.put("k", "1", TIMEOUT);
            long appended = leader.raftStatus().orElseThrow().lastAppended();
            for (int i = 0; i < 3; i++) {
                assertThat(store.get("k", false, TIMEOUT)).contains("1");
            }
            assertThat(leader.raftStatus().orElseThrow().lastAppended()).isEqualTo(appended + 3);
            assertThat(((RaftStore) store).leaseReadsAnswered()).isZero();
        }
    }

    @Test
    void aLeaderCutOffWithItsConnectionsResetAnswersNoReadThatMissesAnAcknowledgedWrite() throws Exception {
        try (TestCluster cluster = new TestCluster("raft-udp", data).members("A", "B", "C")) {
            cluster.start("A", "B", "C");
            String old = cluster.awaitOneLeader();
            List<String> rest = cluster.names().stream().filter(n -> !n.equals(old)).toList();
            ReplicatedStore oldStore = cluster.peer(old).store().orElseThrow();
            ReplicatedStore writerStore = cluster.peer(rest.get(0)).store().orElseThrow();
            RegisterHistory history = new RegisterHistory();
            long first = System.nanoTime();
            history.add(Op.put("k", "0", first, System.nanoTime(), writerStore.put("k", "0", TIMEOUT).orElse(null)));
            oldStore.get("k", false, TIMEOUT); // marks the term ready for lease reads
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger acknowledged = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (ReplicatedStore reader : List.of(oldStore, writerStore)) {
                clients.add(started("reader", () -> {
                    while (running.get()) {
                        long invoked = System.nanoTime();
                        try {
                            String read = reader.get("k", false, TIMEOUT).orElse(null);
                            history.add(Op.get("k", invoked, System.nanoTime(), read));
                        } catch (StoreException e) {
                            // a failed read took no effect
                        }
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // pacing: keeps the history checkable
                    }
                }));
            }
            clients.add(started("writer", () -> {
                for (int i = 1; running.get(); i++) {
                    String value = String.valueOf(i);
                    long invoked = System.nanoTime();
                    try {
                        String previous = writerStore.put("k", value, TIMEOUT).orElse(null);
                        history.add(Op.put("k", value, invoked, System.nanoTime(), previous));
                        acknowledged.incrementAndGet();
                    } catch (StoreException e) {
                        history.add(Op.unknown("k", Kind.PUT, null, value, invoked));
                    }
                }
            }));
            await().atMost(GENEROUS).until(() -> acknowledged.get() >= 20);
            long servedBefore = ((RaftStore) oldStore).leaseReadsAnswered();

            cluster.partition(List.of(old), rest);
            cluster.resetConnections(old);
            int atCut = acknowledged.get();
            await().atMost(GENEROUS).until(() -> !cluster.peer(old).isLeader()
                    && cluster.peer(rest.get(0)).leader().filter(rest::contains).isPresent()
                    && acknowledged.get() >= atCut + 20);
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
            System.out.println("lease reads on the cut-off leader " + old + " after the cut: "
                    + (((RaftStore) oldStore).leaseReadsAnswered() - servedBefore) + "; history of " + history.size()
                    + " operations");
            assertThat(LinearizabilityChecker.check(history)).isNull();
            cluster.heal();
            cluster.awaitOneLeader();
        }
    }

    /**
     * A follower that starts voting while the leader keeps its lease (jgroups-raft's backstop does so when a
     * peer sees a majority but no leader) has its vote requests held back by every member; it still moves them
     * to its term, so the old leader loses its majority and one election later everyone follows one leader.
     */
    @Test
    void aFollowerThatVotesWhileTheLeaderHoldsItsLeaseEndsUpInOneLeadersTermWithoutOverlap() {
        try (TestCluster cluster = new TestCluster("raft-udp", data).members("A", "B", "C")) {
            cluster.start("A", "B", "C");
            String leader = cluster.awaitOneLeader();
            LeadershipLog log = LeadershipLog.watch(cluster.live(), leader, cluster.peer(leader).epoch());
            Peer voter = cluster.live().stream().filter(p -> !p.name().equals(leader)).findFirst().orElseThrow();
            long before = voter.epoch();
            BaseElection election = ((PeerRuntime) voter).channel().getProtocolStack().findProtocol(BaseElection.class);
            election.startVotingThread();

            await().atMost(GENEROUS).until(() -> cluster.live().stream().allMatch(p -> p.epoch() > before)
                    && cluster.live().stream().map(Peer::epoch).distinct().count() == 1);
            cluster.awaitOneLeader();
            assertThat(log.overlaps()).isEmpty();
            assertThat(log.sharedTokens()).isEmpty();
            assertThat(voter.store().orElseThrow().put("after", "1", TIMEOUT)).isEmpty();
        }
    }

    private static Thread started(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.start();
        return thread;
    }
}
