package io.conclave.shell;

import org.jline.reader.LineReader;
import org.jline.reader.impl.LineReaderImpl;

import java.io.PrintWriter;
import java.util.function.Supplier;

/** A console on a JLine terminal: events are printed above the prompt, which JLine then redraws with the half-typed line. */
public final class TerminalConsole implements Console {

    private final LineReader reader;
    private final Style style;
    private volatile Supplier<String> prompt;

    public TerminalConsole(LineReader reader, Style style) {
        this.reader = reader;
        this.style = style;
    }

    @Override
    public void out(String text) {
        PrintWriter writer = reader.getTerminal().writer();
        writer.println(text);
        writer.flush();
    }

    @Override
    public void err(String text) {
        out(style.red(text));
    }

    /** The prompt to redraw after an event, so it shows the state the event brought. */
    public void promptFrom(Supplier<String> prompt) {
        this.prompt = prompt;
    }

    @Override
    public void announce(String line) {
        Supplier<String> current = prompt;
        if (current != null && reader instanceof LineReaderImpl impl) {
            impl.setPrompt(current.get());
        }
        reader.printAbove(line);
    }

    @Override
    public Style style() {
        return style;
    }
}
