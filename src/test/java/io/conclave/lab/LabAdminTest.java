package io.conclave.lab;

import io.conclave.admin.AdminAddress;
import io.conclave.admin.AdminClient;
import io.conclave.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.conclave.lab.LabFixture.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every lab peer serves an admin endpoint on loopback; a killed and restarted peer serves it again. */
class LabAdminTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void eachPeerAnswersOnItsListedEndpointAcrossARestart() throws IOException {
        try (LabFixture f = new LabFixture(3, "udp", dir.resolve("data"), null)) {
            f.awaitOneLeader();
            Map<String, String> endpoints = f.lab.adminEndpoints();
            assertThat(endpoints).containsOnlyKeys("A", "B", "C");
            for (Map.Entry<String, String> e : endpoints.entrySet()) {
                assertThat(status(e.getValue()).get("peer")).isEqualTo(e.getKey());
            }
            f.lab.kill("B");
            AdminClient b = client(endpoints.get("B"));
            await().atMost(GENEROUS).until(() -> answers(b) == false);
            f.lab.restart("B");
            await().atMost(GENEROUS).until(() -> answers(b));
            assertThat(status(endpoints.get("B")).get("members")).isEqualTo(List.of("A", "C", "B"));
        }
    }

    private static AdminClient client(String endpoint) {
        return new AdminClient(AdminAddress.parse(endpoint, "endpoint"), null, TIMEOUT);
    }

    private static boolean answers(AdminClient admin) {
        try {
            return admin.get("/health", TIMEOUT).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, Object> status(String endpoint) throws IOException {
        return Json.parseObject(client(endpoint).get("/status", TIMEOUT).body());
    }
}
