package io.conclave.raft;

import io.conclave.election.Mode;
import io.conclave.support.TestCluster;
import io.conclave.support.Secrets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raft-dns and secure-raft-dns stacks on loopback: DNS_PING resolves a name through the system resolver ("localhost", from
 * /etc/hosts) and probes the transport port range on its address; three raft peers find each other, elect and
 * replicate a write. The routed-network test runs the coordinator dns stack against a real DNS server.
 */
class RaftDnsTest {

    @TempDir
    Path data;

    @ParameterizedTest
    @ValueSource(strings = {"raft-dns", "secure-raft-dns"})
    void peersFoundThroughANameElectAndReplicate(String stack) {
        // below Linux's ephemeral range (32768-60999): a port in it may be held by any client socket at that moment
        int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
        Map<String, String> settings = new HashMap<>(Map.of("dns_query", "localhost", "jgroups.bind_port", String.valueOf(port),
                "jgroups.port_range", "2"));
        if (stack.startsWith("secure")) {
            settings.putAll(Secrets.settings(Secrets.newFile(data)));
        }
        try (TestCluster cluster = new TestCluster(stack, data, settings).members("A", "B", "C")) {
            cluster.start("A", "B", "C");
            String leader = cluster.awaitOneLeader();
            assertThat(cluster.peer(leader).leadership().mode()).isEqualTo(Mode.RAFT);
            cluster.peer("A").store().orElseThrow().put("found", "by-dns", Duration.ofSeconds(10));
            assertThat(cluster.peer("C").store().orElseThrow().get("found", false, Duration.ofSeconds(10))).contains("by-dns");
        }
    }
}
