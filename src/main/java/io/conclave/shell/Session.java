package io.conclave.shell;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a command runner needs from the session it serves, be it one peer's shell or the lab's: where to
 * print, where to keep the last error for {@code stacktrace}, and whether the user asked to quit.
 */
public class Session {

    private final Console console;
    private final AtomicBoolean quit = new AtomicBoolean();
    private volatile Throwable lastError;

    public Session(Console console) {
        this.console = console;
    }

    public Console console() {
        return console;
    }

    public void recordError(Throwable error) {
        lastError = error;
    }

    public Throwable lastError() {
        return lastError;
    }

    public void requestQuit() {
        quit.set(true);
    }

    public boolean quitRequested() {
        return quit.get();
    }
}
