package io.conclave.support;

import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Records the sender of every message that gets past the protocol below it. */
public final class Tap extends Protocol {

    private final Set<Address> senders = ConcurrentHashMap.newKeySet();

    @Override
    public Object up(Message msg) {
        senders.add(msg.src());
        return up_prot.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        for (Message msg : batch) {
            senders.add(msg.src());
        }
        up_prot.up(batch);
    }

    public Set<Address> senders() {
        return Set.copyOf(senders);
    }
}
