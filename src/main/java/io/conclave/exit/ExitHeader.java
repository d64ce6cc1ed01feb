package io.conclave.exit;

import org.jgroups.Header;
import org.jgroups.util.Bits;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Where a member's exit watch listens, sent by {@link FD_EXIT}: a member tells its view's coordinator
 * ({@link Kind#HELLO}, which asks for the coordinator's in return), the coordinator answers
 * ({@link Kind#ANNOUNCE}).
 */
public final class ExitHeader extends Header {

    /** Registered with JGroups' ClassConfigurator; next to FAULTS' 1500 and LEASE's 1510. */
    static final short MAGIC_ID = 1530;

    enum Kind { HELLO, ANNOUNCE }

    Kind kind = Kind.HELLO;
    String host = "";
    int port;
    long incarnation;

    public ExitHeader() {
    }

    static ExitHeader of(Kind kind, String host, int port, long incarnation) {
        ExitHeader header = new ExitHeader();
        header.kind = kind;
        header.host = host;
        header.port = port;
        header.incarnation = incarnation;
        return header;
    }

    @Override
    public short getMagicId() {
        return MAGIC_ID;
    }

    @Override
    public Supplier<? extends Header> create() {
        return ExitHeader::new;
    }

    @Override
    public int serializedSize() {
        return 1 + Bits.sizeUTF(host) + 1 + Integer.BYTES + Long.BYTES;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(kind.ordinal());
        Bits.writeString(host, out);
        out.writeInt(port);
        out.writeLong(incarnation);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        int ordinal = in.readByte();
        if (ordinal < 0 || ordinal >= Kind.values().length) {
            throw new IOException("unknown exit watch message kind " + ordinal);
        }
        kind = Kind.values()[ordinal];
        String read = Bits.readString(in);
        host = read == null ? "" : read;
        port = in.readInt();
        incarnation = in.readLong();
    }

    @Override
    public String toString() {
        return "exit watch " + kind + " " + host + ":" + port;
    }
}
