package io.conclave.shell;

import org.jline.reader.Completer;

/** What a shell loop drives: the peer shell, or the lab shell that drives many peers. */
public interface Interpreter {

    /** Runs one command line; returns 0 on success, non-zero when the command failed. */
    int execute(String line);

    /** True once the user asked to leave (quit, exit). */
    boolean quitRequested();

    /** The prompt, showing the current state. */
    String prompt();

    /** Completion of command names, options and member names. */
    Completer completer();

    /**
     * Called when a script ends, before its summary: lets output that arrives on its own (the lab's merge
     * reports) be printed first, so the summary stays the last line.
     */
    default void settle() {
    }
}
