package io.conclave.lab;

import io.conclave.shell.Console;
import io.conclave.shell.Session;

import java.util.concurrent.atomic.AtomicBoolean;

/** The lab shell's session: its console, its last error, whether the user asked to quit. */
final class LabSession implements Session {

    private final Console console;
    private final AtomicBoolean quit = new AtomicBoolean();
    private volatile Throwable lastError;

    LabSession(Console console) {
        this.console = console;
    }

    @Override
    public Console console() {
        return console;
    }

    @Override
    public void recordError(Throwable error) {
        lastError = error;
    }

    @Override
    public Throwable lastError() {
        return lastError;
    }

    @Override
    public void requestQuit() {
        quit.set(true);
    }

    @Override
    public boolean quitRequested() {
        return quit.get();
    }
}
