package io.conclave.lease;

import org.jgroups.Header;
import org.jgroups.util.Bits;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * A lease message of {@link LEASE}: a holder's request, or a member's answer to one. The holder's send time
 * travels with the request and comes back in the answer, so the holder measures its lease from when it asked,
 * on its own clock; no member reads it.
 */
public final class LeaseHeader extends Header {

    /** Registered with JGroups' ClassConfigurator; next to FAULTS' 1500, away from JGroups' and jgroups-raft's. */
    static final short MAGIC_ID = 1510;

    enum Kind { REQUEST, GRANTED, BUSY, STALE }

    Kind kind = Kind.REQUEST;
    /** Who sent it: the requester, or the member answering. */
    String sender = "";
    /** The holder the message is about: the requester, or whom the answer is for. */
    String holder = "";
    long incarnation;
    long token;
    long sentNanos;
    /** BUSY: how long the member's promise to {@link #other} still runs; STALE: the highest token it granted. */
    long value;
    /** BUSY: whom the member promised; REQUEST: the host of the holder's exit watch. */
    String other = "";
    /** REQUEST: the port of the holder's exit watch, 0 if it has none. */
    int watchPort;

    public LeaseHeader() {
    }

    static LeaseHeader request(Holder holder, long token, long sentNanos, String watchHost, int watchPort) {
        LeaseHeader h = about(Kind.REQUEST, holder, token, sentNanos);
        h.sender = holder.name();
        h.other = watchHost;
        h.watchPort = watchPort;
        return h;
    }

    static LeaseHeader answer(LeaseHeader request, Answer answer, String member) {
        LeaseHeader h = answerOf(request, answer);
        h.sender = member;
        return h;
    }

    private static LeaseHeader answerOf(LeaseHeader request, Answer answer) {
        Holder holder = new Holder(request.holder, request.incarnation);
        if (answer instanceof Answer.Busy busy) {
            LeaseHeader h = about(Kind.BUSY, holder, request.token, request.sentNanos);
            h.value = busy.remainingNanos();
            h.other = busy.promisedTo().name();
            return h;
        }
        if (answer instanceof Answer.Stale stale) {
            LeaseHeader h = about(Kind.STALE, holder, request.token, request.sentNanos);
            h.value = stale.highestGranted();
            return h;
        }
        return about(Kind.GRANTED, holder, request.token, request.sentNanos);
    }

    private static LeaseHeader about(Kind kind, Holder holder, long token, long sentNanos) {
        LeaseHeader h = new LeaseHeader();
        h.kind = kind;
        h.holder = holder.name();
        h.incarnation = holder.incarnation();
        h.token = token;
        h.sentNanos = sentNanos;
        return h;
    }

    Holder holderId() {
        return new Holder(holder, incarnation);
    }

    @Override
    public short getMagicId() {
        return MAGIC_ID;
    }

    @Override
    public Supplier<? extends Header> create() {
        return LeaseHeader::new;
    }

    @Override
    public int serializedSize() {
        return 1 + 1 + Bits.sizeUTF(sender) + 1 + Bits.sizeUTF(holder) + 4 * Long.BYTES + 1 + Bits.sizeUTF(other) + Integer.BYTES;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(kind.ordinal());
        Bits.writeString(sender, out);
        Bits.writeString(holder, out);
        out.writeLong(incarnation);
        out.writeLong(token);
        out.writeLong(sentNanos);
        out.writeLong(value);
        Bits.writeString(other, out);
        out.writeInt(watchPort);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        int ordinal = in.readByte();
        if (ordinal < 0 || ordinal >= Kind.values().length) {
            throw new IOException("unknown lease message kind " + ordinal);
        }
        kind = Kind.values()[ordinal];
        sender = nonNull(Bits.readString(in));
        holder = nonNull(Bits.readString(in));
        incarnation = in.readLong();
        token = in.readLong();
        sentNanos = in.readLong();
        value = in.readLong();
        other = nonNull(Bits.readString(in));
        watchPort = in.readInt();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return "lease " + kind + " " + holder + " token " + token;
    }
}
