package io.conclave.shell;

import picocli.CommandLine.Option;

/**
 * {@code -o/--output text|json}, declared once for every command that can print JSON: add it with
 * {@code @Mixin OutputFormat output} (a field or a command method's parameter).
 */
public final class OutputFormat {

    /** The option's names, also what {@link ShellCompleter} completes the format after. */
    static final String SHORT = "-o";
    static final String LONG = "--output";

    @Option(names = {SHORT, LONG}, defaultValue = "text", paramLabel = "text|json", description = "Output format (default: text).")
    private Format format;

    public boolean json() {
        return format == Format.json;
    }

    /** The report as this option asks for it. */
    public String render(Report report) {
        return report.render(format);
    }
}
