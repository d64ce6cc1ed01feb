package io.conclave.shell;

import io.conclave.election.Peer;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShellCompleterTest {

    @TempDir
    Path data;

    @Test
    void completesCommandsThenOptionsMemberNamesAndValues() {
        try (TestCluster cluster = new TestCluster("udp", data)) {
            Peer a = cluster.start("A");
            ShellSession session = new ShellSession(a, new StreamConsole(new PrintWriter(new ByteArrayOutputStream()),
                    new PrintWriter(System.err), Style.PLAIN), new EventPrinter(new StreamConsole(new PrintWriter(System.out),
                    new PrintWriter(System.err), Style.PLAIN), Format.text, false));
            ShellCompleter completer = (ShellCompleter) PeerShell.interpreter(session).completer();

            assertThat(completer.candidates(List.of(""), 0)).contains("view", "members", "leader", "history",
                    "merges", "stack", "status", "events", "stacktrace", "quit", "help");
            assertThat(completer.candidates(List.of("view", ""), 1)).contains("-o", "--output", "A");
            assertThat(completer.candidates(List.of("view", "-o", ""), 2)).containsExactly("text", "json");
            assertThat(completer.candidates(List.of("events", ""), 1)).containsExactly("on", "off");
            assertThat(completer.candidates(List.of("help", ""), 1)).contains("view", "merges");
        }
    }
}
