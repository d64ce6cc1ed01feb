package io.conclave.bench;

import io.conclave.json.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bench writes --json} stays valid JSON when no write succeeded (no latencies to take quantiles of). */
class WritesJsonTest {

    @Test
    void everyWriteFailedGivesNullFiguresNotNaN() {
        WritesBench bench = new WritesBench("raft-udp", 3, 4, Duration.ofSeconds(1));
        WritesBench.Result failed = new WritesBench.Result(WritesBench.Config.ALL.get(0), 0, 0, Stats.of(List.of()), 1234);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bench.print(List.of(failed), true, new PrintWriter(bytes, true, StandardCharsets.UTF_8));
        String json = bytes.toString(StandardCharsets.UTF_8).strip();

        assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = ((List<Map<String, Object>>) Json.parseObject(json).get("results")).get(0);
        assertThat(result).containsEntry("errors", 1234L);
        assertThat(result.values()).contains((Object) null);
    }
}
