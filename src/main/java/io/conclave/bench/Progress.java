package io.conclave.bench;

import java.io.PrintWriter;

/**
 * One status line on stderr that says which trial runs, so stdout stays clean for the table or JSON. Only on
 * a terminal and never with NO_COLOR: elsewhere the cursor escapes would litter a log or a pipe.
 */
final class Progress {

    private final PrintWriter err;
    private final boolean shown;

    Progress(PrintWriter err) {
        this(err, System.console() != null && System.getenv("NO_COLOR") == null);
    }

    Progress(PrintWriter err, boolean shown) {
        this.err = err;
        this.shown = shown;
    }

    void show(String text) {
        if (shown) {
            err.print("\r\u001b[K" + text);
            err.flush();
        }
    }

    void done() {
        if (shown) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
