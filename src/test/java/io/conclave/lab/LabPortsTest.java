package io.conclave.lab;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LabPortsTest {

    @Test
    void aHundredPeersGetConsecutiveFreePortsBelowTheEphemeralRange() throws IOException {
        List<Integer> ports = LabPorts.free(2 * LabOptions.MAX_PEERS);
        int first = ports.get(0);
        assertThat(ports).containsExactlyElementsOf(IntStream.range(first, first + 200).boxed().toList());
        assertThat(ports).allSatisfy(p -> assertThat(p).isBetween(10_000, 32_767));
        for (int port : ports) {
            new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close(); // free: the lab's peers can bind it
        }
    }
}
