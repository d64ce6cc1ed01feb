package io.conclave.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    @Test
    void printsNothingWithoutATerminal() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintWriter(err, true, StandardCharsets.UTF_8)); // tests run without a console
        progress.show("trial 1/3");
        progress.done();
        assertThat(err.toByteArray()).isEmpty();
    }

    @Test
    void redrawsOneLineOnATerminal() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintWriter(err, true, StandardCharsets.UTF_8), true);
        progress.show("trial 1/3");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("\r\u001b[Ktrial 1/3");
    }
}
