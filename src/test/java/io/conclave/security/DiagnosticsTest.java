package io.conclave.security;

import io.conclave.election.Peer;
import io.conclave.peer.PeerRuntime;
import io.conclave.support.Secrets;
import io.conclave.support.TestCluster;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.TP;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JGroups' probe against the bundled stacks: no answer, no change. The control is the same stack with
 * diagnostics on (a stack a user might write): there probe answers and rewrites FD_ALL3's timeout remotely.
 */
class DiagnosticsTest {

    private static final String DIAG_GROUP = "224.0.75.75";

    @TempDir
    Path data;

    @Test
    void withDiagnosticsOnAStrangerRewritesTheStack() throws Exception {
        int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
        Path stack = data.resolve("diag-on.xml");
        String udp = new String(getClass().getClassLoader().getResourceAsStream("stacks/udp.xml").readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(stack, udp.replace("diag.enabled=\"false\"", "diag.enabled=\"true\" diag.bind_addr=\"127.0.0.1\" diag.port=\""
                + port + "\" diag.ttl=\"0\" diag.mcast_addr=\"" + DIAG_GROUP + "\""));
        try (TestCluster cluster = new TestCluster(stack.toString(), data)) {
            Peer a = cluster.start("A");
            List<String> answers = probe(port, "jmx=FD_ALL3.timeout=12345");
            assertThat(answers).isNotEmpty();
            assertThat(fdAll3(a).getTimeout()).as("changed by an unauthenticated probe").isEqualTo(12345);
        }
    }

    @Test
    void theBundledStacksHaveNoDiagnosticsToProbe() throws Exception {
        try (TestCluster plain = new TestCluster("udp", data.resolve("u"));
             TestCluster secure = new TestCluster("secure-udp", data.resolve("s"), Secrets.settings(Secrets.newFile(data)))) {
            for (Peer peer : List.of(plain.start("A"), secure.start("S"))) {
                TP transport = ((PeerRuntime) peer).channel().getProtocolStack().getTransport();
                assertThat(transport.getDiagnosticsHandler() == null || !transport.getDiagnosticsHandler().isRunning())
                        .as("diagnostics handler of " + peer.name()).isTrue();
                long before = fdAll3(peer).getTimeout();
                // JGroups' default diagnostics endpoint; read-only, and filtered to this cluster, not to disturb other builds.
                List<String> answers = probe(7500, "jmx=FD_ALL3.timeout cluster=" + peer.cluster());
                assertThat(answers).noneMatch(a -> a.contains(peer.cluster()) || a.contains("local_addr=" + peer.name()));
                assertThat(fdAll3(peer).getTimeout()).isEqualTo(before);
            }
        }
    }

    private static FD_ALL3 fdAll3(Peer peer) {
        return ((PeerRuntime) peer).channel().getProtocolStack().findProtocol(FD_ALL3.class);
    }

    /** What probe does: one datagram to the diagnostics group, then every answer within a second and a half. */
    private static List<String> probe(int port, String request) throws IOException {
        List<String> answers = new ArrayList<>();
        try (MulticastSocket socket = new MulticastSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setNetworkInterface(NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress()));
            socket.setTimeToLive(0);
            byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(DIAG_GROUP), port));
            socket.setSoTimeout(1500);
            byte[] buffer = new byte[65_536];
            while (true) {
                DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(answer);
                } catch (SocketTimeoutException e) {
                    return answers;
                }
                answers.add(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8));
            }
        }
    }
}
