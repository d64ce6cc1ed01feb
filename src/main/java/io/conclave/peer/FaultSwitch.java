package io.conclave.peer;

import io.conclave.fault.FAULTS;
import org.jgroups.stack.ProtocolStack;

import java.util.function.Consumer;

/**
 * Turns a stack's fault injection on only for peers started for it ({@code PeerConfig.allowFaults}), and
 * routes what it has to say to the peer's notices. A peer that allows it says so when it starts.
 */
final class FaultSwitch {

    static final String OBEYS = "this peer obeys fault commands from members of its view (PeerConfig.allowFaults)";

    private FaultSwitch() {
    }

    static void wire(ProtocolStack protocols, boolean allow, Consumer<String> notice) {
        FAULTS faults = protocols.findProtocol(FAULTS.class);
        if (faults == null) {
            return;
        }
        faults.allow(allow).onNotice(notice);
        if (allow) {
            notice.accept(OBEYS);
        }
    }
}
