package io.conclave.raft;

import io.conclave.Conclave;
import io.conclave.election.ConclaveException;
import io.conclave.election.Peer;
import io.conclave.election.StoreException;
import io.conclave.support.PeerProcessHandle;
import io.conclave.support.TestCluster;
import org.jgroups.protocols.raft.FileBasedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Peer C runs in a JVM of its own and is killed with SIGKILL in the middle of a stream of writes, then
 * restarted on the same data directory: every acknowledged write is on every peer, C's own included, and C's
 * term never goes backwards.
 */
class RaftDurabilityTest {

    private static final Pattern TERM = Pattern.compile("term=(\\d+)");
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path data;

    @Test
    void acknowledgedWritesSurviveAKillDashNineAndTheTermNeverGoesBack() throws Exception {
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        try (TestCluster cluster = new TestCluster("raft-udp", data).members("A", "B", "C")) {
            Path cData = data.resolve("C");
            PeerProcessHandle c = PeerProcessHandle.start(cluster, "C", cData, "A,B,C");
            c.awaitLine(l -> l.startsWith("STARTED"), GENEROUS);
            // started first, C coordinates the view and wins the first vote: the kill hits the leader
            cluster.start("A", "B");
            Peer a = cluster.peer("A");
            await().atMost(GENEROUS).until(() -> a.view().size() == 3 && a.leader().isPresent()
                    && a.leader().equals(cluster.peer("B").leader()));
            String leaderAtKill = a.leader().orElseThrow();

            // the lock holds across processes
            assertThatThrownBy(() -> Conclave.join(cluster.config("X").toBuilder().dataDir(cData).build()))
                    .isInstanceOf(ConclaveException.class)
                    .hasMessageContaining("is in use by another running peer (peer C, pid " + c.pid() + ")");

            Thread writer = new Thread(() -> {
                for (int i = 0; writing.get(); i++) {
                    Peer via = cluster.peer(i % 2 == 0 ? "A" : "B");
                    try {
                        via.store().orElseThrow().put("w" + i, "v" + i, WRITE_TIMEOUT);
                        acknowledged.put("w" + i, "v" + i);
                    } catch (StoreException e) {
                        failed.incrementAndGet(); // no leader for a moment, or timed out: not acknowledged
                    }
                }
            }, "writer");
            writer.start();
            try {
                await().atMost(GENEROUS).until(() -> acknowledged.size() >= 100);
                long termBeforeKill = highestTerm(c.lines());
                long killedAt = System.nanoTime();
                c.kill();
                await().atMost(GENEROUS).until(() -> a.leader().filter(l -> !l.equals("C")).isPresent()
                        && a.leader().equals(cluster.peer("B").leader()));
                long failoverMs = (System.nanoTime() - killedAt) / 1_000_000;
                int atKill = acknowledged.size();
                // what the dead peer left on disk: the term it had reached was written before it was used
                assertThat(onDisk(cData.resolve("C.log"))).as("term in C's log after kill -9")
                        .isGreaterThanOrEqualTo(termBeforeKill);
                await().atMost(GENEROUS).until(() -> acknowledged.size() >= atKill + 100);

                PeerProcessHandle restarted = PeerProcessHandle.start(cluster, "C", cData, "A,B,C");
                try {
                    String started = restarted.awaitLine(l -> l.startsWith("STARTED") || l.startsWith("REFUSED"), GENEROUS);
                    assertThat(started).startsWith("STARTED");
                    assertThat(term(started)).isGreaterThanOrEqualTo(termBeforeKill);
                    int atRestart = acknowledged.size();
                    await().atMost(GENEROUS).until(() -> acknowledged.size() >= atRestart + 100);
                    writing.set(false);
                    writer.join();

                    for (String peer : List.of("A", "B")) {
                        await().atMost(GENEROUS).untilAsserted(() -> assertThat(missingOn(cluster.peer(peer), acknowledged)).isEmpty());
                    }
                    String verify = "verify " + acknowledged.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(" "));
                    await().atMost(GENEROUS).until(() -> restarted.ask(verify, "VERIFIED", GENEROUS).startsWith("VERIFIED missing=0"));
                    String status = restarted.ask("status", "STATUS", GENEROUS);
                    assertThat(term(status)).isGreaterThanOrEqualTo(termBeforeKill);
                    assertThat(restarted.lines()).filteredOn(l -> l.startsWith("LEADER") || l.startsWith("STARTED"))
                            .extracting(RaftDurabilityTest::term).isSorted();
                    System.out.println("RaftDurabilityTest: killed " + (leaderAtKill.equals("C") ? "the leader" : "a follower")
                            + " C at term " + termBeforeKill + ", new leader seen by A and B after " + failoverMs + " ms; " + acknowledged.size() + " writes acknowledged, "
                            + failed.get() + " refused or timed out; C restarted at term " + term(started) + ", now " + status);
                } finally {
                    restarted.close();
                }
            } finally {
                writing.set(false);
                writer.join();
                c.close();
            }
        }
    }

    private static List<String> missingOn(Peer peer, Map<String, String> writes) {
        return writes.entrySet().stream()
                .filter(w -> !peer.store().orElseThrow().get(w.getKey(), true, WRITE_TIMEOUT).map(w.getValue()::equals).orElse(false))
                .map(Map.Entry::getKey).sorted().limit(10).toList();
    }

    /** Reads the term from a raft log directory the way jgroups-raft does at start-up. */
    private static long onDisk(Path log) throws Exception {
        FileBasedLog file = new FileBasedLog();
        file.init(log.toString(), Map.of());
        try {
            return file.currentTerm();
        } finally {
            file.close();
        }
    }

    private static long highestTerm(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("LEADER") || l.startsWith("STARTED"))
                .mapToLong(RaftDurabilityTest::term).max().orElse(0);
    }

    private static long term(String line) {
        Matcher m = TERM.matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
