package io.conclave.shell;

import io.conclave.Conclave;
import io.conclave.election.Peer;
import io.conclave.support.TestCluster;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The interactive shell on a JLine terminal fed through pipes, with a real peer behind it. */
class ShellTerminalTest {


    @TempDir
    Path data;

    @Test
    void anEventArrivingWhileALineIsHalfTypedIsPrintedAboveItAndTheLineStillRuns() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys, 64 * 1024);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (TestCluster cluster = new TestCluster("udp", data);
             Terminal terminal = TerminalBuilder.builder().system(false).streams(in, screen).type("xterm")
                     .size(new Size(200, 50)).build()) {
            Shell shell = new Shell(terminal, data.resolve("history"), Style.PLAIN);
            EventPrinter printer = new EventPrinter(shell.console(), Format.text, true);
            Peer a = Conclave.join(cluster.config("A"), printer);
            try {
                CompletableFuture<Integer> loop = CompletableFuture.supplyAsync(() ->
                        shell.run(PeerShell.interpreter(new ShellSession(a, shell.console(), printer))));
                await().atMost(GENEROUS).until(() -> text(screen).contains("A (leader, 1 member)> "));

                keys.write("vie".getBytes(StandardCharsets.UTF_8));
                keys.flush();
                await().atMost(GENEROUS).until(() -> text(screen).endsWith("> vie"));
                cluster.start("B");
                await().atMost(GENEROUS).until(() -> text(screen).contains("view A|1: A, B (coordinator A)"));
                // The prompt is redrawn with the new state and the half-typed line after the event.
                await().atMost(GENEROUS).until(() -> text(screen).endsWith("A (leader, 2 members)> vie"));

                keys.write("w\n".getBytes(StandardCharsets.UTF_8));
                keys.flush();
                await().atMost(GENEROUS).until(() -> text(screen).contains("view A|1 (2 members)"));
                assertThat(text(screen)).contains("  2. B");

                keys.write("mem\t\n".getBytes(StandardCharsets.UTF_8));
                keys.flush();
                await().atMost(GENEROUS).until(() -> text(screen).contains("NAME  ROLE"));

                keys.write("lader\nquit\n".getBytes(StandardCharsets.UTF_8));
                keys.flush();
                assertThat(loop.get()).isZero();
                // the pty's output reaches the screen on JLine's pump thread, after the loop may have returned
                await().atMost(GENEROUS).until(() -> text(screen).contains("unknown command 'lader'; did you mean 'leader'?"));
                assertThat(data.resolve("history")).content().contains("view").contains("members");
            } finally {
                a.close();
            }
        }
    }

    @Test
    void aDumbTerminalRunsCommandsLineByLine() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys, 64 * 1024);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (TestCluster cluster = new TestCluster("udp", data);
             DumbTerminal terminal = new DumbTerminal("test", "dumb", in, screen, StandardCharsets.UTF_8)) {
            Shell shell = new Shell(terminal, null, Style.PLAIN);
            EventPrinter printer = new EventPrinter(shell.console(), Format.text, true);
            Peer a = Conclave.join(cluster.config("A"), printer);
            try {
                CompletableFuture<Integer> loop = CompletableFuture.supplyAsync(() ->
                        shell.run(PeerShell.interpreter(new ShellSession(a, shell.console(), printer))));
                keys.write("leader\nstatus -o json\nquit\n".getBytes(StandardCharsets.UTF_8));
                keys.flush();
                assertThat(loop.get()).isZero();
                assertThat(text(screen)).contains("leader  A (this peer)").contains("\"role\":\"leader\"");
            } finally {
                a.close();
            }
        }
    }

    private static String text(ByteArrayOutputStream screen) {
        // What a person would see: without escape sequences and carriage returns.
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
        }
    }
}
