package io.conclave.fault;

import io.conclave.election.ElectionEvent;
import io.conclave.election.Peer;
import io.conclave.election.ViewInfo;
import io.conclave.peer.PeerRuntime;
import io.conclave.support.TestCluster;
import org.jgroups.EmptyMessage;
import org.jgroups.Header;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.protocols.UDP;
import org.jgroups.util.Bits;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInput;
import java.io.DataOutput;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Fault commands from where they must not come, against real channels: a process outside the view sends every
 * kind of fault command, well-formed and not, over the cluster's own multicast; a member that does not allow
 * fault injection tries every command. Nothing changes over several failure-detection periods (FD_ALL3
 * times out after 0.6 s in these stacks), and every peer says why it ignored them.
 */
class FaultCommandsRefusedTest {

    /** Five FD_ALL3 timeouts of these stacks (0.6 s): a cut obeyed would have split the views by then. */
    private static final Duration SEVERAL_DETECTION_PERIODS = Duration.ofSeconds(3);

    @TempDir
    Path data;

    @ParameterizedTest
    @ValueSource(strings = {"udp", "quorum-udp", "raft-udp"})
    void noStrangerAndNoMemberThatDisallowsFaultsChangesViewsOrLeaders(String stack) throws Exception {
        try (TestCluster cluster = new TestCluster(stack, data, Map.of("conclave.cluster_size", "3"))
                .members("A", "B", "C")) {
            cluster.start("A", "B");
            Peer c = cluster.start(cluster.config("C").toBuilder().allowFaults(false).build());
            String leader = cluster.awaitOneLeader();
            Map<String, ViewInfo> views = Map.of("A", cluster.peer("A").view(), "B", cluster.peer("B").view(), "C", c.view());

            try (JChannel rogue = rogue(cluster)) { // open to the end: closing it would drop what it has not sent yet
                long max = Cut.MAX_GENERATION;
                for (Cut cut : List.of(new Cut(1, "R", Cut.parseSides("A / B,C")), new Cut(2, "A", Cut.parseSides("A / *")),
                        new Cut(3, "R", List.of()), new Cut(max, "R", Cut.parseSides("B / *")))) {
                    rogue.send(control(FaultHeader.cut(cut)));
                    rogue.send(control(FaultHeader.refusal(cut)));
                }
                rogue.send(raw(Long.MAX_VALUE, "R", "A / *"));
                rogue.send(raw(-1, "R", ""));
                rogue.send(raw(5, null, "A / *"));
                rogue.send(raw(5, "*", "A / B"));
                rogue.send(raw(5, "R", "A / * / *"));
                rogue.send(raw(5, "R", "A".repeat(FaultHeader.MAX_SIDES_TEXT) + " / B"));
            FAULTS cFaults = FAULTS.of(c).orElseThrow();
            for (Runnable command : List.<Runnable>of(() -> cFaults.partition(Cut.parseSides("A / B,C")),
                    () -> cFaults.isolate("A"), cFaults::heal, () -> cFaults.pause(Duration.ofSeconds(5)), cFaults::crash)) {
                assertThatThrownBy(command::run).hasMessage(FAULTS.NOT_ALLOWED);
            }
            assertThat(cFaults.describeFaults()).isEqualTo("fault injection off: " + FAULTS.NOT_ALLOWED);

            await().during(SEVERAL_DETECTION_PERIODS).atMost(SEVERAL_DETECTION_PERIODS.multipliedBy(3)).until(() ->
                    cluster.live().stream().allMatch(p -> p.view().equals(views.get(p.name()))
                            && leader.equals(p.leadership().leader()) && !FAULTS.of(p).orElseThrow().cut().active()));

            for (String name : List.of("A", "B")) {
                await().atMost(GENEROUS).untilAsserted(() -> assertThat(notices(cluster.peer(name)))
                        .contains("ignored a fault command from R: not a member of this peer's view")
                        .anyMatch(n -> n.startsWith("ignored a malformed fault command from R: cut generation 9223372036854775807 is out of range"))
                        .anyMatch(n -> n.startsWith("ignored a malformed fault command from R: cut issuer '*' is not a peer name"))
                        .noneMatch(n -> n.contains("does not allow fault injection: start it")));
            }
            await().atMost(GENEROUS).untilAsserted(() -> assertThat(notices(c))
                    .containsOnlyOnce("ignored a fault command from R: " + FAULTS.NOT_ALLOWED
                            + " (then it obeys partition, isolate and heal from members of its view)"));
            assertThat(notices(cluster.peer("A"))).contains("this peer obeys fault commands from members of its view (PeerConfig.allowFaults)");
            assertThat(notices(c)).noneMatch(n -> n.startsWith("this peer obeys"));

            // a member that allows faults commands one that does not: the refusal comes back to the issuer
            FAULTS.of(cluster.peer("A")).orElseThrow().isolate("Z");
            await().atMost(GENEROUS).untilAsserted(() -> assertThat(notices(cluster.peer("A")))
                    .containsOnlyOnce("C does not allow fault injection: start it with PeerConfig.allowFaults=true"));
            FAULTS.of(cluster.peer("A")).orElseThrow().heal();
            assertThat(c.view()).isEqualTo(views.get("C"));
            }
        }
    }

    private static List<String> notices(Peer peer) {
        return peer.history().stream().filter(ElectionEvent.Notice.class::isInstance).map(ElectionEvent.Notice.class::cast)
                .map(ElectionEvent.Notice::message).toList();
    }

    /** A bare transport on the cluster's multicast port and name: it sends, but never joins the view. */
    private static JChannel rogue(TestCluster cluster) throws Exception {
        UDP udp = new UDP();
        udp.setBindAddress(InetAddress.getLoopbackAddress());
        udp.setMulticastAddress(InetAddress.getByName("239.9.9.9")); // the bundled stacks' default
        udp.setMulticastPort(cluster.mcastPort());
        udp.setMulticastTTL(0);
        udp.disableDiagnostics();
        JChannel rogue = new JChannel(udp).name("R");
        rogue.connect(cluster.name());
        return rogue;
    }

    /** A fault header written field by field, so it can carry what no valid cut holds. */
    private static Message raw(long generation, String issuer, String sides) {
        return control(new RawHeader(generation, issuer, sides));
    }

    /** Sent to the whole group at once, as FAULTS sends its own. */
    private static Message control(Header header) {
        return new EmptyMessage(null).putHeader(FAULTS.PROTOCOL_ID, header).setFlag(Message.Flag.OOB, Message.Flag.DONT_BUNDLE);
    }

    private static final class RawHeader extends Header {
        private final long generation;
        private final String issuer;
        private final String sides;

        RawHeader(long generation, String issuer, String sides) {
            this.generation = generation;
            this.issuer = issuer;
            this.sides = sides;
        }

        @Override
        public short getMagicId() {
            return FaultHeader.MAGIC_ID;
        }

        @Override
        public Supplier<? extends Header> create() {
            return () -> new RawHeader(generation, issuer, sides);
        }

        @Override
        public int serializedSize() {
            return 1 + Long.BYTES + Bits.size(issuer) + Bits.size(sides);
        }

        @Override
        public void writeTo(DataOutput out) throws java.io.IOException {
            out.writeByte(FaultHeader.Kind.CUT.ordinal());
            out.writeLong(generation);
            Bits.writeString(issuer, out);
            Bits.writeString(sides, out);
        }

        @Override
        public void readFrom(DataInput in) {
            throw new UnsupportedOperationException("only sent");
        }
    }
}
