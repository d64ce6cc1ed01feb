package io.conclave.shell;

import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionListener;

import java.util.concurrent.atomic.AtomicBoolean;

/** Announces a peer's events on a console as text or JSON lines; can be switched off and on. */
public final class EventPrinter implements ElectionListener {

    private final Console console;
    private final Format format;
    private final AtomicBoolean on;

    public EventPrinter(Console console, Format format, boolean on) {
        this.console = console;
        this.format = format;
        this.on = new AtomicBoolean(on);
    }

    @Override
    public void onEvent(ElectionEvent event) {
        if (on.get()) {
            console.announce(format == Format.json ? EventFormat.json(event) : EventFormat.text(event, console.style()));
        }
    }

    public void enabled(boolean enabled) {
        on.set(enabled);
    }

    public boolean enabled() {
        return on.get();
    }
}
