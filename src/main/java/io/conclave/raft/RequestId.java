package io.conclave.raft;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Who sent a write and which of its writes it is (Raft dissertation §6.3, client sessions): the state machine
 * applies each (client, seq) once and answers a resend with the first result.
 *
 * @param client        a random id, one per store instance (one peer incarnation)
 * @param seq           this client's request number, from 1
 * @param answeredBelow every request of this client below this number is finished (answered or given up):
 *                      the client never sends them again, so the state machine may forget their results
 */
record RequestId(long client, long seq, long answeredBelow) {

    /** The first byte of a log entry written with a request id; no operation code may ever take it. */
    static final byte MARK = 16;

    void writeTo(DataOutput out) throws IOException {
        out.writeByte(MARK);
        out.writeLong(client);
        out.writeLong(seq);
        out.writeLong(answeredBelow);
    }

    /** Reads what follows the mark. */
    static RequestId readFrom(DataInput in) throws IOException {
        long client = in.readLong();
        long seq = in.readLong();
        long answeredBelow = in.readLong();
        if (seq < 1 || answeredBelow < 1 || answeredBelow > seq) {
            throw new IOException("corrupt request id: seq " + seq + ", answered below " + answeredBelow);
        }
        return new RequestId(client, seq, answeredBelow);
    }

    /** "client 3f2a... request 17" for messages. */
    String describe() {
        return "client " + Long.toHexString(client) + " request " + seq;
    }
}
