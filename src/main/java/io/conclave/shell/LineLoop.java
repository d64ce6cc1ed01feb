package io.conclave.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Runs commands read line by line (piped stdin, -c, --script): no prompt, '#' starts a comment. */
public final class LineLoop {

    private LineLoop() {
    }

    /** Returns 0 if every command succeeded, 1 if any failed. Stops at quit or end of input. */
    public static int run(BufferedReader in, Interpreter interpreter) {
        int failures = 0;
        try {
            String line;
            while (!interpreter.quitRequested() && (line = in.readLine()) != null) {
                String command = line.strip();
                if (command.isEmpty() || command.startsWith("#")) {
                    continue;
                }
                if (interpreter.execute(command) != 0) {
                    failures++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return failures == 0 ? 0 : 1;
    }
}
