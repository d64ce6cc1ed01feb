package io.conclave.shell;

import io.conclave.election.Peer;

/** One user's session with one peer: a {@link Session} plus the peer and the event printer (for {@code events on|off}). */
public final class ShellSession extends Session {

    private final Peer peer;
    private final EventPrinter events;

    public ShellSession(Peer peer, Console console, EventPrinter events) {
        super(console);
        this.peer = peer;
        this.events = events;
    }

    public Peer peer() {
        return peer;
    }

    public Style style() {
        return console().style();
    }

    public void events(boolean on) {
        events.enabled(on);
    }

    public boolean eventsOn() {
        return events.enabled();
    }
}
