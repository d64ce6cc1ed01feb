package io.conclave.raft;

import io.conclave.election.Peer;
import io.conclave.election.StoreException;
import io.conclave.peer.PeerRuntime;
import io.conclave.support.TermLedger;
import io.conclave.support.TestCluster;
import org.awaitility.core.ConditionTimeoutException;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.protocols.raft.RAFT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dozen random partitions and heals of five raft-mode peers, with writes from random peers throughout,
 * some healed before failure detection even notices. Safety: no term ever has two leaders, whoever reported
 * them, and every acknowledged write survives. Liveness: after every heal all peers agree on one leader
 * within a bound. The seed is printed and in every failure message; rerun one with {@code -Dconclave.seed=N}.
 */
class RaftRandomPartitionTest {

    private static final int ROUNDS = 12;
    /**
     * After a heal: failure detection still running (2.5 s) + merge (up to ~3.5 s) + vote, usually under 8 s.
     * With the CPU oversubscribed (two busy loops on two cores), starved heartbeats made the views split and
     * merge again for over 20 s after a three-way cut before they settled; the bound leaves room for that.
     */
    private static final Duration AGREE_WITHIN = TestCluster.GENEROUS;
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path data;

    @Test
    void neverTwoLeadersInOneTermAndOneLeaderAfterEveryHeal() throws InterruptedException {
        long seed = Long.getLong("conclave.seed", System.nanoTime());
        System.out.println("RaftRandomPartitionTest seed " + seed);
        Random random = new Random(seed);
        try (TestCluster cluster = new TestCluster("raft-udp", data).members("A", "B", "C", "D", "E")) {
            TermLedger ledger = new TermLedger();
            cluster.start("A", "B", "C", "D", "E").forEach(ledger::watch);
            cluster.awaitOneLeader();
            Map<String, String> acknowledged = new LinkedHashMap<>();
            List<String> log = new ArrayList<>();

            for (int round = 1; round <= ROUNDS; round++) {
                List<List<String>> sides = randomSides(cluster.names(), random);
                long hold = 300 + random.nextInt(2_700); // failure detection takes ~2.5 s: some cuts heal unnoticed
                String context = "seed " + seed + ", round " + round + " " + sides + " held " + hold + " ms\n"
                        + String.join("\n", log) + "\nreports:\n" + ledger;
                log.add("round " + round + ": " + sides + " held " + hold + " ms");

                cluster.partition(sides);
                long until = System.nanoTime() + hold * 1_000_000;
                int attempt = 0;
                while (System.nanoTime() < until) {
                    // writes from random peers during the cut: only a majority side can acknowledge them
                    Peer writer = cluster.peer(cluster.names().get(random.nextInt(cluster.names().size())));
                    String key = "r" + round + "-" + attempt++;
                    try {
                        writer.store().orElseThrow().put(key, writer.name(), WRITE_TIMEOUT);
                        acknowledged.put(key, writer.name());
                    } catch (StoreException e) {
                        // no leader or timed out: not acknowledged (a timed-out write may still land: it is not checked)
                    }
                    Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
                }

                cluster.heal();
                long healed = System.nanoTime();
                try {
                    await().atMost(AGREE_WITHIN).until(() -> oneLeaderEverywhere(cluster));
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError("no agreed leader " + AGREE_WITHIN.toSeconds() + " s after the heal; "
                            + context + "\nnow:\n" + describe(cluster), e);
                }
                assertThat(ledger.conflicts()).as(context).isEmpty();
                String leader = cluster.peer("A").leader().orElseThrow();
                log.add("  leader " + leader + " term " + cluster.peer(leader).epoch() + ", agreed "
                        + (System.nanoTime() - healed) / 1_000_000 + " ms after the heal");
            }

            System.out.println("RaftRandomPartitionTest seed " + seed + ":\n" + String.join("\n", log));
            Peer reader = cluster.peer(cluster.names().get(random.nextInt(5)));
            assertThat(reader.store().orElseThrow().keys(Duration.ofSeconds(10)))
                    .as("seed " + seed + ": every acknowledged write survives").containsAll(acknowledged.keySet());
            // every copy holds every acknowledged write, except a copy that jgroups-raft 1.1.4 let diverge
            // (JgroupsRaftKnownBugsTest): it is excused only if its committed log provably differs from the leader's
            await().atMost(AGREE_WITHIN).alias("seed " + seed + ": all copies equal").untilAsserted(() -> {
                Set<String> diverged = divergedFromLeader(cluster);
                for (Peer peer : cluster.live()) {
                    if (diverged.contains(peer.name())) {
                        continue;
                    }
                    for (Map.Entry<String, String> write : acknowledged.entrySet()) {
                        assertThat(peer.store().orElseThrow().get(write.getKey(), true, WRITE_TIMEOUT))
                                .as(peer.name() + " has " + write.getKey()).contains(write.getValue());
                    }
                }
            });
            Set<String> diverged = divergedFromLeader(cluster);
            if (!diverged.isEmpty()) {
                System.out.println("WARNING seed " + seed + ": the committed log of " + diverged + " diverged from the"
                        + " leader's: the jgroups-raft 1.1.4 follower bug pinned by JgroupsRaftKnownBugsTest");
            }
            System.out.println("RaftRandomPartitionTest seed " + seed + ": " + acknowledged.size()
                    + " acknowledged writes, leaders by term " + ledger.leadersByTerm());
        }
    }

    /** Two sides of random sizes, or now and then three (then no side has a majority). */
    private static List<List<String>> randomSides(List<String> names, Random random) {
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, random);
        if (random.nextInt(4) == 0) {
            return List.of(shuffled.subList(0, 1), shuffled.subList(1, 3), shuffled.subList(3, 5));
        }
        int cut = 1 + random.nextInt(2);
        return List.of(shuffled.subList(0, cut), shuffled.subList(cut, shuffled.size()));
    }

    /** Peers with a committed log entry whose term differs from the leader's entry at the same index. */
    private static Set<String> divergedFromLeader(TestCluster cluster) {
        String leader = cluster.live().get(0).leader().orElseThrow();
        RAFT reference = raftOf(cluster.peer(leader));
        Set<String> diverged = new TreeSet<>();
        for (Peer peer : cluster.live()) {
            RAFT raft = raftOf(peer);
            long from = Math.max(raft.log().firstAppended(), reference.log().firstAppended()) + 1;
            long to = Math.min(raft.commitIndex(), reference.commitIndex());
            for (long i = from; i <= to; i++) {
                LogEntry mine = raft.log().get(i);
                LogEntry theirs = reference.log().get(i);
                if (mine != null && theirs != null && mine.term() != theirs.term()) {
                    diverged.add(peer.name());
                    break;
                }
            }
        }
        return diverged;
    }

    private static RAFT raftOf(Peer peer) {
        return ((PeerRuntime) peer).channel().getProtocolStack().findProtocol(RAFT.class);
    }

    private static String describe(TestCluster cluster) {
        StringBuilder state = new StringBuilder();
        for (Peer peer : cluster.live()) {
            state.append(peer.name()).append(": view ").append(peer.view().id()).append(' ').append(peer.view().members())
                    .append(", leader ").append(peer.leadership().leader()).append(" term ").append(peer.epoch())
                    .append(peer.leadership().reason() == null ? "" : " (" + peer.leadership().reason() + ")").append('\n');
        }
        return state.toString();
    }

    private static boolean oneLeaderEverywhere(TestCluster cluster) {
        List<Peer> peers = cluster.live();
        String leader = peers.get(0).leadership().leader();
        return leader != null && peers.stream().allMatch(p -> p.view().size() == peers.size()
                && leader.equals(p.leadership().leader()));
    }
}
