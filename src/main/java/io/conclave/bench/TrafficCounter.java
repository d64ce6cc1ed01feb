package io.conclave.bench;

import org.jgroups.Address;
import org.jgroups.Global;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.protocols.TpHeader;
import org.jgroups.stack.Protocol;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.MessageBatch;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the messages a running peer sends and receives, and their serialized size (payload, addresses and
 * headers), just above its transport. The transport's own counters ({@code num_bytes_sent}) count payload
 * only, and an idle cluster's messages (heartbeats, MERGE3 INFO, lease renewals) have almost none. Sizes are
 * counted alike both ways: a sent message with the source address and the cluster-name header the transport
 * adds below this counter, a received one as it arrives. The transport's batching of several messages into
 * one datagram is not seen, so bytes are an upper bound of the datagrams' payload.
 */
final class TrafficCounter extends Protocol {

    private final Address self;
    /** The header the transport adds to every message it sends: the cluster name, and its protocol id. */
    private final int transportHeaderSize;
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();

    private TrafficCounter(Address self, String cluster) {
        this.self = self;
        this.transportHeaderSize = new TpHeader(cluster).serializedSize() + Global.SHORT_SIZE;
    }

    /** Inserts a counter directly above the transport of {@code channel}, which may be connected already. */
    static TrafficCounter insertInto(JChannel channel) {
        TrafficCounter counter = new TrafficCounter(channel.getAddress(), channel.getClusterName());
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
        if (msg.getSrc() == null) {
            msg.setSrc(self); // as the transport does, so the address is counted on this side too
        }
        bytesSent.add(msg.size() + (msg.getHeader(getTransport().getId()) == null ? transportHeaderSize : 0));
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
