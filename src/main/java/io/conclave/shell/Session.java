package io.conclave.shell;

/**
 * What a command runner needs from the session it serves, be it one peer's shell or the lab's: where to
 * print, where to keep the last error for {@code stacktrace}, and whether the user asked to quit.
 */
public interface Session {

    Console console();

    void recordError(Throwable error);

    Throwable lastError();

    void requestQuit();

    boolean quitRequested();
}
