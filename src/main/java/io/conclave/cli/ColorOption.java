package io.conclave.cli;

import io.conclave.shell.Style;
import picocli.CommandLine.Option;

/** {@code --no-color}, shared by the commands that print to a terminal. */
final class ColorOption {

    @Option(names = "--no-color", description = "No ANSI colours (also when NO_COLOR is set or output is not a terminal).")
    boolean noColor;

    /** Colours only on an interactive terminal, and only when neither --no-color nor NO_COLOR says otherwise. */
    Style style(boolean interactive) {
        return new Style(interactive && !noColor && System.getenv("NO_COLOR") == null);
    }
}
