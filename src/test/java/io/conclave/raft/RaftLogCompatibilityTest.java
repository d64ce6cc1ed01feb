package io.conclave.raft;

import io.conclave.election.ConclaveException;
import io.conclave.election.Peer;
import io.conclave.support.TestCluster;
import org.jgroups.protocols.raft.FileBasedLog;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A peer restarting on a raft log written by the version before client sessions (entries without a request id)
 * replays it; one whose log holds an entry it cannot decode refuses to start and names the entry's index.
 */
class RaftLogCompatibilityTest {

    @TempDir
    Path data;

    @Test
    void aLogWrittenTheOldWayReplays() throws Exception {
        writeLog("A", new LogEntry(1, StoreCommand.put("k", "old").encode()),
                new LogEntry(1, StoreCommand.compareAndSet("k", "old", "swapped").encode()));
        try (TestCluster cluster = new TestCluster("raft-udp", data).members("A", "B", "C")) {
            Peer peer = cluster.start("A");
            assertThat(peer.store().orElseThrow().get("k", true, Duration.ofSeconds(5))).contains("swapped");
        }
    }

    @Test
    void anEntryThatCannotBeDecodedStopsThePeerAndNamesItsIndex() throws Exception {
        writeLog("A", new LogEntry(1, StoreCommand.put("k", "v").encode()), new LogEntry(1, new byte[]{42, 1, 2}),
                new LogEntry(1, StoreCommand.put("after", "v").encode()));
        try (TestCluster cluster = new TestCluster("raft-udp", data).members("A", "B", "C")) {
            assertThatThrownBy(() -> cluster.start("A")).isInstanceOf(ConclaveException.class)
                    .hasMessageContaining("log entry 2 cannot be decoded (unknown store operation 42")
                    .hasMessageContaining("Repair: stop A, move " + data.resolve("A").resolve("A.log"));
        }
    }

    /** A committed log in the peer's data directory, as jgroups-raft's file log writes it. */
    private void writeLog(String peer, LogEntry... entries) throws Exception {
        Path dir = data.resolve(peer);
        Files.createDirectories(dir);
        FileBasedLog log = new FileBasedLog();
        log.init(dir.resolve(peer + ".log").toString(), Map.of());
        try {
            log.currentTerm(1);
            log.append(1, LogEntries.create(entries));
            log.commitIndex(entries.length);
        } finally {
            log.close();
        }
    }
}
