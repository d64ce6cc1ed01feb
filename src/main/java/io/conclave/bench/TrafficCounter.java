package io.conclave.bench;

import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.MessageBatch;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the messages a running peer sends and receives, and their serialized size (payload and headers),
 * just above its transport. The transport's own counters ({@code num_bytes_sent}) count payload only, and
 * an idle cluster's messages (heartbeats, MERGE3 INFO, lease renewals) have almost none.
 */
final class TrafficCounter extends Protocol {

    private final Address self;
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();

    private TrafficCounter(Address self) {
        this.self = self;
    }

    /** Inserts a counter directly above the transport of {@code channel}, which may be connected already. */
    static TrafficCounter insertInto(JChannel channel) {
        TrafficCounter counter = new TrafficCounter(channel.getAddress());
        ProtocolStack stack = channel.getProtocolStack();
        stack.insertProtocolInStack(counter, stack.getTransport(), ProtocolStack.Position.ABOVE);
        return counter;
    }

    Traffic snapshot() {
        return new Traffic(messagesSent.sum(), bytesSent.sum(), messagesReceived.sum(), bytesReceived.sum());
    }

    @Override
    public Object down(Message msg) {
        messagesSent.increment();
        bytesSent.add(msg.size());
        return down_prot.down(msg);
    }

    @Override
    public Object up(Message msg) {
        // the transport hands a member its own multicasts too; they never crossed the network
        if (!self.equals(msg.getSrc())) {
            count(msg);
        }
        return up_prot.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        if (!self.equals(batch.sender())) {
            batch.forEach(this::count);
        }
        up_prot.up(batch);
    }

    private void count(Message msg) {
        messagesReceived.increment();
        bytesReceived.add(msg.size());
    }

    /** Counts since the counter was inserted. */
    record Traffic(long messagesSent, long bytesSent, long messagesReceived, long bytesReceived) {

        Traffic minus(Traffic earlier) {
            return new Traffic(messagesSent - earlier.messagesSent, bytesSent - earlier.bytesSent,
                    messagesReceived - earlier.messagesReceived, bytesReceived - earlier.bytesReceived);
        }

        Traffic plus(Traffic other) {
            return new Traffic(messagesSent + other.messagesSent, bytesSent + other.bytesSent,
                    messagesReceived + other.messagesReceived, bytesReceived + other.bytesReceived);
        }
    }
}
