package io.conclave.cli;

import org.junit.jupiter.api.Test;

import static io.conclave.support.Cli.assertOneClearLine;
import static io.conclave.support.Cli.run;

/** bench soak refuses settings it cannot honour with one line and exit code 2, before any process starts. */
class SoakBadInputTest {

    @Test
    void peersAreProcessesOfTheirOwn() {
        assertOneClearLine(run("bench", "soak", "--peers", "26"),
                "--peers must be between 2 and 25 (each peer a process of its own), but was 26");
        assertOneClearLine(run("bench", "soak", "--peers", "1"), "--peers must be between 2 and 25");
    }

    @Test
    void durationsAndHogsInRange() {
        assertOneClearLine(run("bench", "soak", "--duration", "500ms"), "--duration must be between 1s and 1h, but was 500ms");
        assertOneClearLine(run("bench", "soak", "--duration", "2h"), "--duration must be between 1s and 1h, but was 7200000ms");
        assertOneClearLine(run("bench", "soak", "--cpu-hogs", "-1"), "--cpu-hogs must be between 0 and 64, but was -1");
        assertOneClearLine(run("bench", "soak", "--gc-every", "100ms"), "--gc-every must be at least 1s", "but was 100ms");
        assertOneClearLine(run("bench", "soak", "--duration", "soon"), "--duration", "soon");
    }

    @Test
    void anUnknownStackIsNamed() {
        assertOneClearLine(run("bench", "soak", "--stack", "no-such-stack"), "no-such-stack");
    }
}
