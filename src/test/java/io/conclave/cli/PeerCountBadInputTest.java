package io.conclave.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.conclave.support.Cli.assertOneClearLine;
import static io.conclave.support.Cli.run;

/** --peers beyond what the lab and the benches can run: one line, exit code 2, before anything starts. */
class PeerCountBadInputTest {

    @TempDir
    Path dir;

    @Test
    void aLabHasAtMostAHundredPeers() {
        assertOneClearLine(run("lab", "--peers", "101", "--data-dir", dir.resolve("lab").toString()),
                "--peers 101 is out of range; a lab has 1 to 100 peers (named A to Z, then A1 to Z1, ...)");
    }

    @Test
    void benchesOfRealPeerProcessesStopAt25() {
        assertOneClearLine(run("bench", "failover", "--peers", "26"),
                "--peers must be between 2 and 25 (each peer a process of its own), but was 26");
        assertOneClearLine(run("bench", "merge", "--peers", "100"),
                "--peers must be between 2 and 25 (each peer a process of its own), but was 100");
        assertOneClearLine(run("bench", "failover", "--peers", "1"), "--peers must be between 2 and 25");
    }

    @Test
    void benchesOfPeersInOneProcessStopAt100() {
        assertOneClearLine(run("bench", "election", "--peers", "3,101"),
                "--peers must be between 1 and 100 (all peers in this process), but was 101");
        assertOneClearLine(run("bench", "writes", "--peers", "101"),
                "--peers must be between 1 and 100 (all peers in this process), but was 101");
    }
}
