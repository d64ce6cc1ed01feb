package io.conclave.shell;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

import java.nio.file.Path;

/**
 * The interactive loop on a JLine terminal: prompt with state, history file, completion, and events
 * printed above the line being typed.
 */
public final class Shell {

    private final LineReader reader;
    private final TerminalConsole console;

    public Shell(Terminal terminal, Path historyFile, Style style) {
        LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal).appName("conclave");
        if (historyFile != null) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        reader = builder.build();
        reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);
        console = new TerminalConsole(reader, style);
    }

    public TerminalConsole console() {
        return console;
    }

    /** Reads and runs commands until quit, exit, Ctrl-D or end of input. Returns 0. */
    public int run(Interpreter interpreter) {
        if (reader instanceof org.jline.reader.impl.LineReaderImpl impl) {
            impl.setCompleter(interpreter.completer());
        }
        console.promptFrom(interpreter::prompt);
        while (!interpreter.quitRequested()) {
            String line;
            try {
                line = reader.readLine(interpreter.prompt());
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            interpreter.execute(line);
        }
        return 0;
    }
}
