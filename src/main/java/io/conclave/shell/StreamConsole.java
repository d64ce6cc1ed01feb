package io.conclave.shell;

import java.io.PrintWriter;

/** A console on plain streams: scripts, pipes, headless peers, tests. */
public final class StreamConsole implements Console {

    private final PrintWriter out;
    private final PrintWriter err;
    private final Style style;

    public StreamConsole(PrintWriter out, PrintWriter err, Style style) {
        this.out = out;
        this.err = err;
        this.style = style;
    }

    @Override
    public synchronized void out(String text) {
        out.println(text);
        out.flush();
    }

    @Override
    public synchronized void err(String text) {
        out.flush();
        err.println(text);
        err.flush();
    }

    @Override
    public synchronized void announce(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public Style style() {
        return style;
    }
}
