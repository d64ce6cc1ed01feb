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
    private final Set<String> payloads = ConcurrentHashMap.newKeySet();

    @Override
    public Object up(Message msg) {
        record(msg);
        return up_prot.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        for (Message msg : batch) {
            record(msg);
        }
        up_prot.up(batch);
    }

    private void record(Message msg) {
        senders.add(msg.src());
        if (msg.hasArray() && msg.getLength() < 1000) {
            payloads.add(new String(msg.getArray(), msg.getOffset(), msg.getLength(), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    /** True if a delivered payload contains {@code text}. */
    public boolean delivered(String text) {
        return payloads.stream().anyMatch(p -> p.contains(text));
    }

    public Set<Address> senders() {
        return Set.copyOf(senders);
    }
}
