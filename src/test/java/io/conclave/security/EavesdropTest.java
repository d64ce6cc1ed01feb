package io.conclave.security;

import io.conclave.election.Peer;
import io.conclave.peer.PeerRuntime;
import io.conclave.stack.StackSource;
import io.conclave.support.CapturingUDP;
import io.conclave.support.Secrets;
import io.conclave.support.Tap;
import io.conclave.support.TestCluster;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a listener on the LAN sees. Two captures: every datagram the transport hands to the OS (unicast and
 * multicast), and a socket of the test's own joined to the cluster's multicast group on loopback. The
 * plain stack is the control: there the value is in the capture, so the test can fail.
 */
class EavesdropTest {

    @TempDir
    Path data;

    @Test
    void onThePlainStackTheValueIsOnTheWire() throws Exception {
        Capture capture = run("udp", Map.of());
        assertThat(capture.transport()).as("transport capture").contains(capture.value()).contains("peer-alpha");
        assertThat(capture.multicast()).as("multicast listener").contains(capture.value());
    }

    @Test
    void onTheSecureStackTheValueIsNotOnTheWire() throws Exception {
        Capture capture = run("secure-udp", Secrets.settings(Secrets.newFile(data)));
        assertThat(capture.transport()).as("transport capture").isNotEmpty().doesNotContain(capture.value())
                .doesNotContain("peer-alpha").doesNotContain("peer-bravo"); // so are peer names
        assertThat(capture.multicast()).as("multicast listener").isNotEmpty().doesNotContain(capture.value());
    }

    record Capture(String value, String transport, String multicast) {
    }

    private Capture run(String bundled, Map<String, String> settings) throws Exception {
        String value = "value-" + UUID.randomUUID();
        Path stack = capturingVariant(bundled);
        CapturingUDP.reset();
        try (TestCluster cluster = new TestCluster(stack.toString(), data, settings);
             MulticastSocket listener = new MulticastSocket(cluster.mcastPort())) {
            NetworkInterface loopback = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
            listener.joinGroup(new InetSocketAddress("239.9.9.9", cluster.mcastPort()), loopback);
            listener.setSoTimeout(200);
            ByteArrayOutputStream heard = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> listen(listener, heard), "eavesdropper");
            reader.start();

            Peer a = cluster.start("peer-alpha");
            Peer b = cluster.start("peer-bravo");
            cluster.awaitOneLeader();
            Tap tap = new Tap();
            JChannel bChannel = ((PeerRuntime) b).channel();
            bChannel.getProtocolStack().insertProtocolAtTop(tap);
            JChannel aChannel = ((PeerRuntime) a).channel();
            aChannel.send(new BytesMessage(null, ("multicast " + value).getBytes(StandardCharsets.UTF_8)));
            aChannel.send(new BytesMessage(bChannel.getAddress(), ("unicast " + value).getBytes(StandardCharsets.UTF_8)));
            await().atMost(GENEROUS).until(() -> tap.delivered("multicast " + value) && tap.delivered("unicast " + value));
            await().atMost(GENEROUS).until(() -> heard(heard).contains("multicast " + value) || heard(heard).length() > 2000);
            reader.interrupt();
            reader.join();
            return new Capture(value, new String(CapturingUDP.captured(), StandardCharsets.ISO_8859_1), heard(heard));
        }
    }

    private static String heard(ByteArrayOutputStream heard) {
        synchronized (heard) {
            return heard.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static void listen(MulticastSocket socket, ByteArrayOutputStream heard) {
        byte[] buffer = new byte[65_536];
        while (!Thread.currentThread().isInterrupted()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                synchronized (heard) {
                    heard.write(packet.getData(), packet.getOffset(), packet.getLength());
                }
            } catch (SocketTimeoutException e) {
                // look at the interrupt flag
            } catch (IOException e) {
                return;
            }
        }
    }

    /** The bundled stack with its UDP replaced by the capturing one; nothing else changes. */
    private Path capturingVariant(String bundled) throws IOException {
        String xml;
        try (InputStream in = StackSource.class.getClassLoader().getResourceAsStream("stacks/" + bundled + ".xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(xml).contains("<UDP ");
        Path file = data.resolve(bundled + "-capture.xml");
        Files.writeString(file, xml.replace("<UDP ", "<io.conclave.support.CapturingUDP "));
        return file;
    }
}
