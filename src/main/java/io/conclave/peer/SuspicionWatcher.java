package io.conclave.peer;

import io.conclave.spi.RuntimeProtocol;
import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.stack.Protocol;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sits just below GMS and reports the suspicions that failure detection confirmed, so the shell can
 * announce them; GMS consumes them, so nothing above it ever sees one. Inserted by the runtime, not
 * declared in stack files.
 */
final class SuspicionWatcher extends Protocol implements RuntimeProtocol {

    private final Consumer<String> onSuspect;

    SuspicionWatcher(Consumer<String> onSuspect) {
        this.onSuspect = onSuspect;
    }

    @Override
    public Object up(Event event) {
        if (event.getType() == Event.SUSPECT) {
            Object arg = event.getArg();
            Collection<?> suspects = arg instanceof Collection<?> c ? c : List.of(arg);
            for (Object suspect : suspects) {
                if (suspect instanceof Address address) {
                    onSuspect.accept(Views.name(address));
                }
            }
        }
        return up_prot.up(event);
    }
}
