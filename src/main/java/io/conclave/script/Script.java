package io.conclave.script;

import io.conclave.shell.Console;
import io.conclave.shell.LineLoop;

import java.io.BufferedReader;

/**
 * Runs a script, the same language for {@code peer --script} and {@code lab --script}: each command is
 * echoed, then run; the last line is "N passed, M failed", and the exit code is 0 only if nothing failed.
 */
public final class Script {

    private Script() {
    }

    public static int run(BufferedReader in, ScriptInterpreter interpreter, Console console) {
        LineLoop.run(in, interpreter, (command, number) -> {
            interpreter.atLine(number);
            console.out(console.style().dim("» " + command));
        });
        interpreter.settle();
        if (!interpreter.failures().isEmpty()) {
            console.out("failed:\n  " + String.join("\n  ", interpreter.failures()));
        }
        console.out(interpreter.passed() + " passed, " + interpreter.failures().size() + " failed");
        return interpreter.failures().isEmpty() ? 0 : 1;
    }
}
