package io.conclave.security;

import io.conclave.Conclave;
import io.conclave.election.ConclaveException;
import io.conclave.election.ElectionEvent;
import io.conclave.election.Peer;
import io.conclave.election.PeerConfig;
import io.conclave.peer.PeerRuntime;
import io.conclave.stack.ChannelFactory;
import io.conclave.stack.Placeholders;
import io.conclave.stack.StackSource;
import io.conclave.support.Secrets;
import io.conclave.support.Tap;
import io.conclave.support.TestCluster;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.EmptyMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.stack.ProtocolStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Strangers on the cluster's name and port: one with another secret, one with none. They never appear in a
 * legitimate view, never get a message delivered, never lead, cannot cut the cluster, and are told why.
 */
class RoguePeerTest {

    @TempDir
    Path data;

    @Test
    void aPeerWithTheWrongSecretIsRefusedOnItsOwnSideAndNeverSeen() {
        Path secret = Secrets.newFile(data);
        Path wrong = Secrets.newFile(data);
        try (TestCluster cluster = new TestCluster("secure-udp", data, Secrets.settings(secret))) {
            cluster.start("A", "B");
            cluster.awaitOneLeader();

            PeerConfig rogue = cluster.config("M").toBuilder().secretFile(wrong).build();
            assertThatThrownBy(() -> Conclave.join(rogue))
                    .isInstanceOf(ConclaveException.class)
                    .hasMessageContaining("refused by cluster " + cluster.name())
                    .hasMessageContaining("use a different cluster secret")
                    .hasMessageContaining("PeerConfig.secretFile");

            assertLegitimateSideUntouched(cluster);
            await().atMost(GENEROUS).until(() -> refusedNotices(cluster.peer("A")).size() >= 1);
            assertThat(refusedNotices(cluster.peer("A")).get(0).message()).contains("different cluster secret");
        }
    }

    @Test
    void aPeerWithoutASecretIsRefusedOnItsOwnSideAndNeverSeen() {
        Path secret = Secrets.newFile(data);
        try (TestCluster cluster = new TestCluster("secure-udp", data, Secrets.settings(secret))) {
            cluster.start("A", "B");
            cluster.awaitOneLeader();

            PeerConfig rogue = cluster.config("M").toBuilder().stack("udp").secretFile(null).build();
            assertThatThrownBy(() -> Conclave.join(rogue))
                    .isInstanceOf(ConclaveException.class)
                    .hasMessageContaining("refused by cluster " + cluster.name())
                    .hasMessageContaining("this peer has none")
                    .hasMessageContaining("PeerConfig.secretFile=FILE");

            assertLegitimateSideUntouched(cluster);
            await().atMost(GENEROUS).until(() -> !refusedNotices(cluster.peer("A")).isEmpty());
            assertThat(refusedNotices(cluster.peer("A")).get(0).message()).contains("no cluster secret");
        }
    }

    /** Control: on the plain stack a stranger removes a member with one forged LEAVE_REQ. */
    @Test
    void onThePlainStackAStrangerCanCutTheCluster() throws Exception {
        try (TestCluster cluster = new TestCluster("udp", data)) {
            cluster.start("A", "B", "C");
            cluster.awaitOneLeader();
            try (JChannel rogue = stranger(cluster, "udp", Map.of())) {
                forgeLeave(rogue, address(cluster.peer("C")), false);
                await().atMost(GENEROUS).until(() -> cluster.peer("A").history().stream()
                        .anyMatch(e -> e instanceof ElectionEvent.ViewChanged v && !v.view().contains("C")));
            }
        }
    }

    @Test
    void onTheSecureStackStrangersCannotCutTheClusterNorBeHeard() throws Exception {
        Path secret = Secrets.newFile(data);
        Path wrong = Secrets.newFile(data);
        try (TestCluster cluster = new TestCluster("secure-udp", data, Secrets.settings(secret))) {
            cluster.start("A", "B", "C");
            cluster.awaitOneLeader();
            Tap tap = tapAboveSeal(cluster.peer("A"));
            try (JChannel wrongSecret = stranger(cluster, "secure-udp", Secrets.settings(wrong));
                 JChannel noSecret = stranger(cluster, "udp", Map.of())) {
                Address victim = address(cluster.peer("C"));
                for (int i = 0; i < 5; i++) {
                    forgeLeave(wrongSecret, victim, true);   // sealed with the wrong secret
                    forgeLeave(wrongSecret, victim, false);  // not sealed at all
                    forgeLeave(noSecret, victim, false);
                    wrongSecret.send(new BytesMessage(null, "hello from M".getBytes(StandardCharsets.UTF_8)));
                    noSecret.send(new BytesMessage(null, "hello from N".getBytes(StandardCharsets.UTF_8)));
                }
                await().during(Duration.ofSeconds(3)).atMost(GENEROUS).until(() ->
                        cluster.live().stream().allMatch(p -> p.view().members().equals(List.of("A", "B", "C"))
                                && "A".equals(p.leadership().leader())));
                for (Peer peer : cluster.live()) {
                    assertThat(peer.history()).noneMatch(e -> e instanceof ElectionEvent.ViewChanged v && v.view().size() != 3
                            && v.view().number() > 2);
                }
                assertThat(tap.senders()).contains(address(cluster.peer("B")))
                        .doesNotContain(wrongSecret.getAddress(), noSecret.getAddress());
                assertThat(wrongSecret.getView().getMembers()).containsExactly(wrongSecret.getAddress());
                assertThat(noSecret.getView().getMembers()).containsExactly(noSecret.getAddress());
                // Announced, but not flooded: at most one line per stranger and reason a minute.
                assertThat(refusedNotices(cluster.peer("A")).size()).isBetween(1, 4);
            }
        }
    }

    private static void assertLegitimateSideUntouched(TestCluster cluster) {
        for (Peer peer : cluster.live()) {
            assertThat(peer.view().members()).containsExactly("A", "B");
            assertThat(peer.leadership().leader()).isEqualTo("A");
            assertThat(peer.history()).noneMatch(e -> e instanceof ElectionEvent.ViewChanged v && v.view().contains("M"));
            assertThat(peer.history()).noneMatch(e -> e instanceof ElectionEvent.LeaderChanged l && "M".equals(l.newLeader()));
        }
    }

    private static List<ElectionEvent.Notice> refusedNotices(Peer peer) {
        return peer.history().stream().filter(e -> e instanceof ElectionEvent.Notice n && n.kind() == ElectionEvent.Notice.Kind.REFUSED)
                .map(ElectionEvent.Notice.class::cast).toList();
    }

    private static Address address(Peer peer) {
        return ((PeerRuntime) peer).channel().getAddress();
    }

    private static Tap tapAboveSeal(Peer peer) throws Exception {
        Tap tap = new Tap();
        ((PeerRuntime) peer).channel().getProtocolStack().insertProtocol(tap, ProtocolStack.Position.ABOVE, SEAL.class);
        return tap;
    }

    /** A raw channel on the cluster's name and port, as an attacker would run it. */
    private JChannel stranger(TestCluster cluster, String stack, Map<String, String> settings) throws Exception {
        JChannel channel = ChannelFactory.create(StackSource.load(stack), new Placeholders(cluster.strangerSettings(settings)));
        channel.name("M" + System.nanoTime() % 1000);
        channel.connect(cluster.name());
        return channel;
    }

    /** "Remove {@code victim}", sent to every member below the stranger's own reliability protocols. */
    private static void forgeLeave(JChannel rogue, Address victim, boolean throughSeal) {
        short gms = ClassConfigurator.getProtocolId(GMS.class);
        Message forged = new EmptyMessage(null).setSrc(rogue.getAddress())
                .putHeader(gms, new GMS.GmsHeader(GMS.GmsHeader.LEAVE_REQ, victim));
        ProtocolStack stack = rogue.getProtocolStack();
        if (throughSeal) {
            stack.findProtocol(SEAL.class).down(forged);
        } else {
            stack.getTransport().down(forged);
        }
    }
}
