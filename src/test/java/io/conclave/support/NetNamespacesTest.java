package io.conclave.support;

import io.conclave.support.NetNamespaces.Host;
import io.conclave.support.NetNamespaces.Subnet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The namespace helper itself: a route through the router works, a pulled cable cuts it, and nothing is left behind. */
class NetNamespacesTest {

    @Test
    void routedSubnetsCablePullAndCleanUp() {
        NetNamespaces net = NetNamespaces.open();
        List<String> made;
        try (net) {
            Subnet one = net.subnet();
            Subnet two = net.subnet();
            Host a = net.host("a", one, 10);
            Host c = net.host("c", two, 10);
            net.router("r", one, two);
            made = net.existing();
            assertThat(made).hasSize(5);

            // "refused" comes back from c itself: the packet crossed the router and the answer came back
            assertThat(connect(net, a, c.address())).contains("refused");
            net.cable(c, two, false);
            assertThat(connect(net, a, c.address())).doesNotContain("refused");
            net.cable(c, two, true);
            assertThat(connect(net, a, c.address())).contains("refused");
        }
        assertThat(net.existing()).isEmpty();
        assertThat(made).allSatisfy(ns -> assertThat(java.nio.file.Path.of("/var/run/netns", ns)).doesNotExist());
    }

    private static String connect(NetNamespaces net, Host from, String address) {
        return NetNamespaces.exec(net.inside(from, List.of("timeout", "3", "bash", "-c", "echo > /dev/tcp/" + address + "/9"))).output();
    }
}
