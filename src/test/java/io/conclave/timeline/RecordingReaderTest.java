package io.conclave.timeline;

import io.conclave.election.ConclaveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lenient about what a recording may also hold, one clear line (file:line) about what it cannot be. */
class RecordingReaderTest {

    @TempDir
    Path dir;

    @Test
    void commandOutputUnknownTypesAndUnknownFieldsArePassedOverAndATokenIsKept() throws IOException {
        Path file = dir.resolve("peer.jsonl");
        Files.writeString(file, """
                » leader -o json
                {"leader":"A","epoch":1}
                {"ts":"2026-01-01T10:00:00Z","peer":"A","type":"view","view":"A|1","members":["A"],"coordinator":"A","lease_ms":1500}
                {"ts":"2026-01-01T10:00:00.010Z","peer":"A","type":"leadership","state":"gained","epoch":1,"token":"1.7"}
                {"ts":"2026-01-01T10:00:00.020Z","peer":"A","type":"lease","renewed":true}

                """);
        Timeline t = TimelineBuilder.of(RecordingReader.read(List.of(file)));

        assertThat(t.events()).hasSize(3);
        assertThat(t.lanes()).singleElement().satisfies(lane -> {
            assertThat(lane.views()).singleElement().satisfies(v -> assertThat(v.view()).isEqualTo("A|1"));
            assertThat(lane.leads()).singleElement().satisfies(l -> assertThat(l.token()).isEqualTo("1.7"));
        });
        assertThat(HtmlPage.render(t)).contains("token 1.7").contains("lease_ms");
    }

    @Test
    void malformedJsonNamesFileAndLine() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"ts\":\"2026-01-01T10:00:00Z\",\"peer\":\"A\",\"type\":\"suspect\",\"member\":\"B\"}\n{\"ts\": \n");
        assertThatThrownBy(() -> RecordingReader.read(List.of(file))).isInstanceOf(ConclaveException.class)
                .hasMessageStartingWith(file + ":2: not a JSON object");
    }

    @Test
    void aTimeStampThatIsNotIsoNamesFileAndLine() throws IOException {
        Path file = dir.resolve("ts.jsonl");
        Files.writeString(file, "{\"ts\":\"yesterday\",\"peer\":\"A\",\"type\":\"suspect\",\"member\":\"B\"}\n");
        assertThatThrownBy(() -> RecordingReader.read(List.of(file))).isInstanceOf(ConclaveException.class)
                .hasMessage(file + ":1: \"ts\" is not an ISO-8601 UTC time stamp: yesterday");
    }

    @Test
    void aFileWithoutEventsOrMissingIsRefused() throws IOException {
        Path empty = dir.resolve("empty.jsonl");
        Files.writeString(empty, "hello\n");
        assertThatThrownBy(() -> RecordingReader.read(List.of(empty))).hasMessageContaining(empty + ": no events");
        assertThatThrownBy(() -> RecordingReader.read(List.of(dir.resolve("nope.jsonl"))))
                .hasMessage("cannot read " + dir.resolve("nope.jsonl") + ": no such file");
    }
}
