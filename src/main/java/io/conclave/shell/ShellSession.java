package io.conclave.shell;

import io.conclave.election.Peer;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One user's session with one peer: where output goes, the event printer (for {@code events on|off}),
 * the last error (for {@code stacktrace}) and whether the user asked to quit.
 */
public final class ShellSession implements Session {

    private final Peer peer;
    private final Console console;
    private final EventPrinter events;
    private final AtomicBoolean quit = new AtomicBoolean();
    private volatile Throwable lastError;

    public ShellSession(Peer peer, Console console, EventPrinter events) {
        this.peer = peer;
        this.console = console;
        this.events = events;
    }

    public Peer peer() {
        return peer;
    }

    @Override
    public Console console() {
        return console;
    }

    public Style style() {
        return console.style();
    }

    public void events(boolean on) {
        events.enabled(on);
    }

    public boolean eventsOn() {
        return events.enabled();
    }

    @Override
    public void requestQuit() {
        quit.set(true);
    }

    @Override
    public boolean quitRequested() {
        return quit.get();
    }

    @Override
    public void recordError(Throwable error) {
        lastError = error;
    }

    @Override
    public Throwable lastError() {
        return lastError;
    }
}
