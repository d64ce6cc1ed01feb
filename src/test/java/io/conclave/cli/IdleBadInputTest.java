package io.conclave.cli;

import org.junit.jupiter.api.Test;

import static io.conclave.support.Cli.assertOneClearLine;
import static io.conclave.support.Cli.run;

/** bench idle refuses settings it cannot honour with one line and exit code 2, before any peer starts. */
class IdleBadInputTest {

    @Test
    void sizesAreInProcessPeers() {
        assertOneClearLine(run("bench", "idle", "--peers", "3,101"),
                "--peers must be between 2 and 100 (all peers in this process), but was 101");
        assertOneClearLine(run("bench", "idle", "--peers", "1"), "--peers must be between 2 and 100");
    }

    @Test
    void durationInRange() {
        assertOneClearLine(run("bench", "idle", "--duration", "500ms"), "--duration must be between 1s and 1h, but was 500ms");
        assertOneClearLine(run("bench", "idle", "--duration", "2h"), "--duration must be between 1s and 1h, but was 7200000ms");
    }

    @Test
    void anUnknownStackIsNamed() {
        assertOneClearLine(run("bench", "idle", "--stack", "no-such-stack"), "no-such-stack");
    }
}
