package io.conclave.script;

import io.conclave.election.ConclaveException;
import io.conclave.election.Peer;
import io.conclave.shell.Durations;
import io.conclave.shell.Interpreter;
import io.conclave.shell.StreamConsole;
import io.conclave.shell.Style;
import org.jline.reader.Completer;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The script engine against stub peers: what passes, what fails, what is said, and the exit code. */
class ScriptTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final StreamConsole console = new StreamConsole(new PrintWriter(out, true, StandardCharsets.UTF_8),
            new PrintWriter(err, true, StandardCharsets.UTF_8), Style.PLAIN);
    private final StubPeer a = new StubPeer("A", "A", "A", "B", "C");
    private final StubPeer b = new StubPeer("B", "A", "A", "B", "C");
    private final StubPeer c = new StubPeer("C", "A", "A", "B", "C");
    private final List<String> ran = new ArrayList<>();

    /** A shell that records commands; "fail ..." fails. */
    private final Interpreter shell = new Interpreter() {
        @Override
        public int execute(String line) {
            ran.add(line);
            if (line.startsWith("fail")) {
                console.err("fail: refused");
                return 1;
            }
            return 0;
        }

        @Override
        public boolean quitRequested() {
            return ran.contains("quit");
        }

        @Override
        public String prompt() {
            return "> ";
        }

        @Override
        public Completer completer() {
            return (reader, line, candidates) -> {
            };
        }
    };

    private final ScriptTarget target = new ScriptTarget() {
        private final Map<String, StubPeer> peers = Map.of("A", a, "B", b, "C", c);

        @Override
        public List<Peer> live() {
            return List.of(a, b, c);
        }

        @Override
        public Peer live(String name) {
            Peer peer = peers.get(name);
            if (peer == null) {
                throw new ConclaveException("no peer " + name);
            }
            return peer;
        }

        @Override
        public Optional<String> down(String name) {
            return name.equals("Z") ? Optional.of("killed") : Optional.empty();
        }

        @Override
        public Instant lastFault() {
            return Instant.EPOCH;
        }
    };

    private int run(String script) {
        return Script.run(new BufferedReader(new StringReader(script)), new ScriptInterpreter(shell, target, console), console);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String lastLine() {
        String[] lines = output().strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void passingChecksAndCommandsExitZeroWithTheCountLast() {
        int code = run("""
                # a comment line
                await leader 1s
                expect leader A,B      # A or B
                partition A / B,C      # runs on the shell, comment stripped
                await leaders 1
                await view-size 3
                await view-size 3 B 500ms
                expect fails fail this please
                """);

        assertThat(code).isZero();
        assertThat(ran).containsExactly("partition A / B,C", "fail this please");
        assertThat(output()).contains("» await leader 1s", "ok    await leader 1s: leader A, agreed by all 3 live peers");
        assertThat(lastLine()).isEqualTo("6 passed, 0 failed");
    }

    @Test
    void failedChecksSayWhatWasExpectedAndWhatWasSeenAndTheRunGoesOn() {
        c.believe("C", "C");
        int code = run("""
                expect leader A
                await leaders 1 200ms
                fail a command
                expect get x 1 @B
                await no-leader A 100ms
                expect fails true
                await leaders 2 100ms
                """);

        assertThat(code).isEqualTo(1);
        assertThat(output())
                .contains("FAIL  line 1: expect leader A: expected all live peers to agree on leader A; saw A (A,B) and C (C)")
                .contains("FAIL  line 2: await leaders 1 200ms (waited ")
                .contains("expected exactly 1 leader among live peers; saw 2 leaders: A (A,B) and C (C)")
                .contains("FAIL  line 4: expect get x 1 @B: expected x = 1 on B; saw no replicated store in coordinator mode")
                .contains("FAIL  line 5: await no-leader A 100ms (waited ")
                .contains("saw A sees leader A")
                .contains("FAIL  line 6: expect fails true: expected 'true' to fail; saw it succeeded")
                .contains("ok    await leaders 2 100ms: 2 leaders: A (A,B) and C (C)")
                .contains("failed:\n  line 1: expect leader A\n  line 2: await leaders 1 200ms\n  line 3: fail a command");
        assertThat(lastLine()).isEqualTo("1 passed, 6 failed");
    }

    @Test
    void anAwaitWaitsForTheConditionToBecomeTrue() {
        a.believe(null, "A");
        CompletableFuture.runAsync(() -> a.believe("A", "A", "B", "C"), CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));

        assertThat(run("await leader 10s\n")).isZero();
        assertThat(output()).containsPattern("ok    await leader 10s: leader A, agreed by all 3 live peers \\(\\d+ ms\\)");
    }

    @Test
    void aLeaderThatIsDownIsNoLeaderEvenIfThePeersStillNameIt() {
        a.believe("Z", "Z", "A", "B", "C");
        b.believe("Z", "Z", "A", "B", "C");
        c.believe("Z", "Z", "A", "B", "C");
        assertThat(run("await leader 100ms\n")).isEqualTo(1);
        assertThat(output()).contains("saw all 3 live peers still name Z, which is killed");
    }

    @Test
    void misusedWordsFailWithTheirUsageAndStopOnQuit() {
        int code = run("""
                await leaders many
                await sunrise
                expect get x
                sleep forever
                quit
                await leader
                """);

        assertThat(code).isEqualTo(1);
        String errors = err.toString(StandardCharsets.UTF_8);
        assertThat(errors).contains("await: 'many' is not a count (usage: await leaders N [TIMEOUT])")
                .contains("await: unknown condition 'sunrise'")
                .contains("expect: an argument is missing (usage: expect get K V [@P])")
                .contains("sleep: 'forever' is not a duration; write it like 500ms, 3s or 2m");
        assertThat(output()).doesNotContain("» await leader\n");
        assertThat(lastLine()).isEqualTo("0 passed, 4 failed");
    }

    @Test
    void durationsReadAsWritten() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.format(Duration.ofMillis(4200))).isEqualTo("4.2 s");
        assertThatThrownBy(() -> Durations.parse("5")).hasMessageContaining("not a duration");
    }
}
