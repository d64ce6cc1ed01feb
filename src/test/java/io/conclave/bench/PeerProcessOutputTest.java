package io.conclave.bench;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PeerProcessOutputTest {

    @Test
    void aTruncatedEventLineIsReportedAndReadingGoesOn() throws IOException {
        String output = String.join("\n",
                "{\"ts\":\"2026-11-28T08:00:00.123Z\",\"peer\":\"A\",\"type\":\"suspect\",\"member\":\"B\\u00",
                "status text",
                "{\"ts\":\"2026-11-28T08:00:00.456Z\",\"peer\":\"A\",\"type\":\"suspect\",\"member\":\"C\"}");
        List<Map<String, Object>> events = new ArrayList<>();
        List<String> other = new ArrayList<>();
        PeerProcess.readLines(new BufferedReader(new StringReader(output)), events, other);
        assertThat(events).singleElement().satisfies(e -> assertThat(e).containsEntry("member", "C"));
        assertThat(other).hasSize(2);
        assertThat(other.get(0)).contains("malformed JSON");
        assertThat(other.get(1)).isEqualTo("status text");
    }
}
