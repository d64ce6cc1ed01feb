package io.conclave.fault;

import org.jgroups.Header;
import org.jgroups.util.Bits;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Marks a control message of {@link FAULTS}: it carries the whole current cut, not a change, so receiving it
 * twice or after a newer one does no harm. The sides travel in their text form ("A,B / C,D,E").
 */
public final class FaultHeader extends Header {

    /** Registered with JGroups' ClassConfigurator; away from JGroups' own ids and jgroups-raft's (2000+). */
    static final short MAGIC_ID = 1500;

    private Cut cut = Cut.NONE;

    public FaultHeader() {
    }

    FaultHeader(Cut cut) {
        this.cut = cut;
    }

    Cut cut() {
        return cut;
    }

    @Override
    public short getMagicId() {
        return MAGIC_ID;
    }

    @Override
    public Supplier<? extends Header> create() {
        return FaultHeader::new;
    }

    @Override
    public int serializedSize() {
        return Long.BYTES + stringSize(cut.issuer()) + stringSize(sidesText());
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(cut.generation());
        Bits.writeString(cut.issuer(), out);
        Bits.writeString(sidesText(), out);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        long generation = in.readLong();
        String issuer = Bits.readString(in);
        String sides = Bits.readString(in);
        cut = new Cut(generation, issuer, sides.isEmpty() ? List.of() : Cut.parseSides(sides));
    }

    /** What {@link Bits#writeString} writes: a presence byte, then the string as {@code writeUTF} does. */
    private static int stringSize(String s) {
        return 1 + Bits.sizeUTF(s);
    }

    private String sidesText() {
        return cut.active() ? cut.describe() : "";
    }

    @Override
    public String toString() {
        return "cut " + cut.generation() + " by " + cut.issuer() + ": " + cut.describe();
    }
}
