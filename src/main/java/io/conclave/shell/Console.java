package io.conclave.shell;

/** Where the shell writes: command output, errors, and events that arrive while the user types. */
public interface Console {

    /** Output of a command the user ran (may span lines). */
    void out(String text);

    /** One line saying what went wrong. */
    void err(String text);

    /** An asynchronous event line; in a terminal it goes above the prompt without disturbing the typed line. */
    void announce(String line);

    Style style();
}
