package io.conclave.security;

import io.conclave.election.ElectionEvent;
import io.conclave.election.MemberInfo;
import io.conclave.election.Peer;
import io.conclave.election.ViewInfo;
import io.conclave.support.Secrets;
import io.conclave.support.TestCluster;
import org.jgroups.Version;
import org.jgroups.stack.IpAddress;
import org.jgroups.util.ByteArrayDataOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A host without the secret against secure-tcp, over real sockets: it connects to every member's transport
 * port and announces another member's address, as JGroups' own connection preamble does (without the
 * handshake the member would file the stranger's socket as its connection to that member and send it that
 * member's traffic), sends a handshake with a forged proof, and tries the FD_SOCK2 port. For several
 * failure-detection periods nothing changes: views, leader, no suspicion; the members report the refusals.
 */
class TcpTakeoverTest {

    private static final Duration SEVERAL_DETECTION_PERIODS = Duration.ofSeconds(6);

    @TempDir
    Path data;

    @Test
    void aStrangerCannotTakeOverAConnectionNorCauseASuspicion() throws Exception {
        List<Integer> ports = freePorts(3);
        Map<String, String> settings = new HashMap<>(Secrets.settings(Secrets.newFile(data)));
        settings.put("jgroups.tcpping.initial_hosts", ports.stream().map(p -> "127.0.0.1[" + p + "]").collect(Collectors.joining(",")));
        settings.put("jgroups.tcpping.port_range", "0");
        try (TestCluster cluster = new TestCluster("secure-tcp", data, settings)) {
            List<String> names = List.of("A", "B", "C");
            for (int i = 0; i < names.size(); i++) {
                cluster.start(cluster.config(names.get(i)).toBuilder().port(ports.get(i)).build());
            }
            String leader = cluster.awaitOneLeader();
            Map<String, ViewInfo> views = new HashMap<>();
            cluster.live().forEach(p -> views.put(p.name(), p.view()));
            List<String> addresses = cluster.peer("A").members().stream().map(MemberInfo::address).toList();

            AtomicInteger attempts = new AtomicInteger();
            Thread rogue = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (int target : ports) {
                        for (String claimed : addresses) {
                            attempt(target, preamble(claimed), attempts);
                        }
                        attempt(target, forgedHandshake(), attempts);
                        attempt(target + 100, preamble(addresses.get(0)), attempts); // where FD_SOCK2 would listen
                    }
                }
            });
            rogue.setDaemon(true);
            rogue.start();
            try {
                await().during(SEVERAL_DETECTION_PERIODS).atMost(SEVERAL_DETECTION_PERIODS.multipliedBy(3)).until(() ->
                        cluster.live().stream().allMatch(p -> p.view().equals(views.get(p.name()))
                                && leader.equals(p.leadership().leader())));
            } finally {
                rogue.interrupt();
                rogue.join();
            }
            assertThat(attempts.get()).as("connection attempts").isGreaterThan(20);
            for (Peer peer : cluster.live()) {
                assertThat(peer.history()).as(peer.name() + " suspected no one").noneMatch(ElectionEvent.MemberSuspected.class::isInstance);
                await().atMost(GENEROUS).untilAsserted(() -> assertThat(notices(peer))
                        .anyMatch(n -> n.startsWith("refused 127.0.0.1: it opened a TCP connection without proving the cluster secret")));
            }
            // and the cluster still works across the connections the stranger went after
            cluster.stop(leader);
            String next = cluster.awaitOneLeader();
            assertThat(next).isNotEqualTo(leader);
        }
    }

    private static List<String> notices(Peer peer) {
        return peer.history().stream().filter(ElectionEvent.Notice.class::isInstance).map(ElectionEvent.Notice.class::cast)
                .map(ElectionEvent.Notice::message).toList();
    }

    /** What TcpConnection sends first: cookie, version, the length and bytes of the address it claims. */
    private static byte[] preamble(String hostPort) {
        try {
            String[] parts = hostPort.split(":");
            IpAddress claimed = new IpAddress(parts[0], Integer.parseInt(parts[1]));
            ByteArrayDataOutputStream out = new ByteArrayDataOutputStream();
            out.write("bela".getBytes(StandardCharsets.US_ASCII));
            out.writeShort(Version.version);
            out.writeShort(claimed.serializedSize());
            claimed.writeTo(out);
            return java.util.Arrays.copyOf(out.buffer(), out.position());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The handshake's opening, then a proof made up without the secret. */
    private static byte[] forgedHandshake() {
        byte[] bytes = new byte[TcpHandshake.MAGIC.length + TcpHandshake.NONCE_LENGTH + TcpHandshake.MAC_LENGTH];
        System.arraycopy(TcpHandshake.MAGIC, 0, bytes, 0, TcpHandshake.MAGIC.length);
        return bytes;
    }

    private static void attempt(int port, byte[] bytes, AtomicInteger attempts) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(3000);
            attempts.incrementAndGet();
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // whatever the member answers (its handshake), until it closes the connection
            }
        } catch (IOException expected) {
            // refused, reset or closed: what a stranger should get
        }
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }
}
