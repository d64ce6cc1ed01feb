package io.conclave.shell;

import io.conclave.election.Peer;
import io.conclave.json.Json;
import io.conclave.support.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The raft-mode shell commands, run the way -c, --script and piped input run them, against real peers. */
class RaftShellTest {

    @TempDir
    Path data;

    /** One peer's shell with its output captured. */
    private static final class Session {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CommandRunner shell;

        Session(Peer peer) {
            Console console = new StreamConsole(new PrintWriter(out, true, StandardCharsets.UTF_8),
                    new PrintWriter(err, true, StandardCharsets.UTF_8), Style.PLAIN);
            shell = PeerShell.interpreter(new ShellSession(peer, console, new EventPrinter(console, Format.text, false)));
        }

        /** Runs a line and returns what it printed on stdout (or, if it failed, on stderr). */
        String run(String line) {
            out.reset();
            err.reset();
            int code = shell.execute(line);
            return (code == 0 ? out : err).toString(StandardCharsets.UTF_8).strip();
        }

        int code(String line) {
            return shell.execute(line);
        }
    }

    @Test
    void storeAndRaftCommandsFromAFollower() {
        try (TestCluster cluster = new TestCluster("raft-udp", data).members("A", "B", "C")) {
            cluster.start("A", "B", "C");
            String leader = cluster.awaitOneLeader();
            Peer follower = cluster.live().stream().filter(p -> !p.name().equals(leader)).findFirst().orElseThrow();
            Session shell = new Session(follower);

            assertThat(shell.run("put colour blue")).isEqualTo("ok (new key)");
            assertThat(shell.run("put colour 'light blue'")).isEqualTo("ok (was blue)");
            assertThat(shell.run("get colour")).isEqualTo("light blue");
            assertThat(Json.parseObject(shell.run("get colour -o json")))
                    .containsEntry("value", "light blue").containsEntry("found", true).containsEntry("stale", false);
            await().atMost(GENEROUS).until(() -> shell.run("get --stale colour").equals("light blue"));
            assertThat(shell.run("get nothing")).isEqualTo("(none)");

            assertThat(shell.run("cas colour 'light blue' red")).isEqualTo("swapped");
            assertThat(shell.run("cas colour blue green")).isEqualTo("not swapped: colour is red");
            assertThat(shell.run("cas --absent lock " + follower.name())).isEqualTo("swapped");
            assertThat(shell.run("cas --absent lock X")).isEqualTo("not swapped: lock is " + follower.name());
            assertThat(shell.run("cas colour red")).startsWith("cas: give KEY EXPECTED NEW");
            assertThat(shell.run("keys")).isEqualTo("colour\nlock");
            assertThat(Json.parse(shell.run("keys -o json"))).isEqualTo(List.of("colour", "lock"));
            assertThat(shell.run("del lock")).isEqualTo("deleted (was " + follower.name() + ")");
            assertThat(shell.run("del lock")).isEqualTo("no such key");
            assertThat(shell.run("put k v --timeout soon")).contains("'soon' is not a duration");

            String raft = shell.run("raft");
            assertThat(raft).contains("role            follower").contains("leader          " + leader)
                    .contains("voting members  A, B, C").contains("majority        2 of 3 (3 reachable)");
            Map<String, Object> json = Json.parseObject(shell.run("raft -o json"));
            assertThat(json).containsEntry("role", "follower").containsEntry("leader", leader)
                    .containsEntry("majority", 2L).containsEntry("voting_members", List.of("A", "B", "C"));
            assertThat(shell.run("status")).contains("mode     raft").contains("term     " + follower.epoch());
            assertThat(shell.shell.prompt()).contains(", term " + follower.epoch() + ",");

            assertThat(shell.run("raft add D")).isEqualTo("added D; voting members now A, B, C, D (majority 3)");
            assertThat(shell.run("raft add D")).isEqualTo("raft: raft add D: D is already a voting member (voting members: A,B,C,D)");
            assertThat(shell.run("raft remove D")).isEqualTo("removed D; voting members now A, B, C (majority 2)");
            assertThat(shell.run("help raft")).contains("add").contains("remove");
            assertThat(new ShellCompleter(PeerShell.commands(new ShellSession(follower, null, null)), List::of)
                    .candidates(List.of("raft", ""), 1)).contains("add", "remove", "-o");

            // alone, the peer has no majority: writes fail within the timeout, saying why; stale reads still work
            cluster.live().stream().filter(p -> p != follower).map(Peer::name).toList().forEach(cluster::stop);
            await().atMost(GENEROUS).until(() -> follower.leader().isEmpty() && follower.view().size() == 1);
            assertThat(shell.code("put x y --timeout 1s")).isEqualTo(1);
            assertThat(shell.run("put x y --timeout 1s"))
                    .isEqualTo("put: put x: no leader: no majority: 1 of 3 voting members reachable, 2 needed");
            assertThat(shell.run("get --stale colour")).isEqualTo("red");
            assertThat(shell.run("raft")).contains("leader          none").contains("majority        2 of 3 (1 reachable)");
        }
    }

    @Test
    void coordinatorModeHasNoStoreCommands() {
        try (TestCluster cluster = new TestCluster("udp", data)) {
            Session shell = new Session(cluster.start("A"));
            assertThat(shell.run("put k v")).startsWith("unknown command 'put'");
            assertThat(shell.run("help")).doesNotContain("put").doesNotContain("raft");
            assertThat(shell.run("status")).contains("epoch").doesNotContain("term");
        }
    }
}
