package io.conclave.cli;

import io.conclave.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.conclave.support.Cli.assertOneClearLine;
import static io.conclave.support.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code conclave timeline}: writes the page and says where; bad input is one clear line, exit 2. */
class TimelineCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesThePageAndPrintsItsPath() throws IOException {
        Path record = dir.resolve("run.jsonl");
        Files.writeString(record, "{\"ts\":\"2026-01-01T10:00:00Z\",\"peer\":\"A\",\"type\":\"view\",\"view\":\"A|1\",\"members\":[\"A\"],\"coordinator\":\"A\"}\n");
        Path page = dir.resolve("out/page.html");
        Cli.Outcome outcome = run("timeline", record.toString(), "-o", page.toString());
        assertThat(outcome.code()).as(outcome.err()).isZero();
        assertThat(outcome.out()).startsWith("timeline: " + page.toAbsolutePath() + " (1 peer, ");
        assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>").contains("<svg id=\"tl\"");
    }

    @Test
    void aMissingFileAMalformedLineAndAnOutputThatIsADirectoryAreOneLineEach() throws IOException {
        assertOneClearLine(run("timeline", dir.resolve("nope.jsonl").toString()), "cannot read", "nope.jsonl: no such file");
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"ts\":\n");
        assertOneClearLine(run("timeline", bad.toString(), "-o", dir.resolve("x.html").toString()), bad + ":1: not a JSON object");
        Path good = dir.resolve("good.jsonl");
        Files.writeString(good, "{\"ts\":\"2026-01-01T10:00:00Z\",\"peer\":\"A\",\"type\":\"suspect\",\"member\":\"B\"}\n");
        assertOneClearLine(run("timeline", good.toString(), "-o", dir.toString()), "timeline page " + dir, "(-o) is a directory");
        assertOneClearLine(run("timeline"), "Missing required parameter");
    }
}
