package io.conclave.bench;

import java.io.PrintStream;

/** One status line on stderr that says which trial runs, so stdout stays clean for the table or JSON. */
final class Progress {

    private final PrintStream err;

    Progress(PrintStream err) {
        this.err = err;
    }

    void show(String text) {
        err.print("\r\u001b[K" + text);
        err.flush();
    }

    void done() {
        err.print("\r\u001b[K");
        err.flush();
    }
}
