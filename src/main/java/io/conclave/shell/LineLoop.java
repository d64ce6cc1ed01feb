package io.conclave.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.ObjIntConsumer;

/** Runs commands read line by line (piped stdin, -c, scripts): no prompt, '#' starts a comment. */
public final class LineLoop {

    private LineLoop() {
    }

    /** Returns 0 if every command succeeded, 1 if any failed. Stops at quit or end of input. */
    public static int run(BufferedReader in, Interpreter interpreter) {
        return run(in, interpreter, (command, number) -> {
        });
    }

    /** As {@link #run(BufferedReader, Interpreter)}; {@code before} sees each command and its line number first. */
    public static int run(BufferedReader in, Interpreter interpreter, ObjIntConsumer<String> before) {
        int failures = 0;
        int number = 0;
        try {
            String line;
            while (!interpreter.quitRequested() && (line = in.readLine()) != null) {
                number++;
                String command = withoutComment(line).strip();
                if (command.isEmpty()) {
                    continue;
                }
                before.accept(command, number);
                if (interpreter.execute(command) != 0) {
                    failures++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return failures == 0 ? 0 : 1;
    }

    /** Cuts the line at a '#' that starts a word outside quotes: {@code @A put x 1  # note}. */
    static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
