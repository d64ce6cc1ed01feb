package io.conclave.lab;

import io.conclave.agreement.Agreement;
import io.conclave.election.Peer;
import io.conclave.shell.StreamConsole;
import io.conclave.shell.Style;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** A lab started by a test, its console captured. Labs pick their own random cluster name and ports. */
final class LabFixture implements AutoCloseable {

    static final Duration GENEROUS = Duration.ofSeconds(60);

    final Lab lab;
    final StreamConsole console;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    LabFixture(int peers, String stack, Path dir, Path record) {
        this(new LabOptions(peers, stack, List.of(), dir, record));
    }

    LabFixture(LabOptions options) {
        PrintWriter print = new PrintWriter(out, true, StandardCharsets.UTF_8);
        console = new StreamConsole(print, print, Style.PLAIN);
        lab = Lab.start(options, console);
    }

    String output() {
        synchronized (console) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    Peer peer(String name) {
        return lab.live().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not up"));
    }

    /** Waits until every live peer sees every other live peer and all name one leader; returns it. */
    String awaitOneLeader() {
        return await().atMost(GENEROUS).until(this::agreement, a -> a.agreedLeader().isPresent()).agreedLeader().orElseThrow();
    }

    /** Whether the peers that are up agree on one leader and one full view. */
    Agreement agreement() {
        return Agreement.onLeaderAndView(ViewsReport.snapshots(lab.rows()));
    }

    @Override
    public void close() {
        lab.close();
    }
}
