package io.conclave.fault;

import io.conclave.election.ConclaveException;
import org.jgroups.Header;
import org.jgroups.util.Bits;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Marks a control message of {@link FAULTS}: either a cut, which carries the whole current cut, not a change, so
 * receiving it twice or after a newer one does no harm; or a refusal, a receiver's answer that it does not
 * allow fault injection. The sides travel in their text form ("A,B / C,D,E"). A header read from the network
 * that does not make a valid cut is kept with the reason ({@link #problem}), so FAULTS can say why it refused it.
 */
public final class FaultHeader extends Header {

    /** Registered with JGroups' ClassConfigurator; away from JGroups' own ids and jgroups-raft's (2000+). */
    static final short MAGIC_ID = 1500;
    /** The longest sides text read from the network: far above what {@link Cut#MAX_NAMES} names need. */
    static final int MAX_SIDES_TEXT = Cut.MAX_NAMES * 70;

    enum Kind { CUT, REFUSAL }

    private Kind kind = Kind.CUT;
    private Cut cut = Cut.NONE;
    private String problem;

    public FaultHeader() {
    }

    private FaultHeader(Kind kind, Cut cut) {
        this.kind = kind;
        this.cut = cut;
    }

    static FaultHeader cut(Cut cut) {
        return new FaultHeader(Kind.CUT, cut);
    }

    /** The answer of a peer that does not allow fault injection to {@code refused}. */
    static FaultHeader refusal(Cut refused) {
        return new FaultHeader(Kind.REFUSAL, refused);
    }

    Kind kind() {
        return kind;
    }

    Cut cut() {
        return cut;
    }

    /** Why the header read from the network is not a valid cut, or null if it is. */
    String problem() {
        return problem;
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
        return 1 + Long.BYTES + stringSize(cut.issuer()) + stringSize(sidesText());
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(kind.ordinal());
        out.writeLong(cut.generation());
        Bits.writeString(cut.issuer(), out);
        Bits.writeString(sidesText(), out);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        int k = in.readByte();
        long generation = in.readLong();
        String issuer = Bits.readString(in);
        String sides = Bits.readString(in);
        if (k < 0 || k >= Kind.values().length) {
            problem = "unknown kind " + k;
            return;
        }
        kind = Kind.values()[k];
        if (sides != null && sides.length() > MAX_SIDES_TEXT) {
            problem = "its sides are " + sides.length() + " characters long";
            return;
        }
        try {
            cut = new Cut(generation, issuer, sides == null || sides.isEmpty() ? List.of() : Cut.parseSides(sides));
        } catch (ConclaveException e) {
            problem = e.getMessage();
        }
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
        if (problem != null) {
            return "invalid fault header: " + problem;
        }
        return (kind == Kind.REFUSAL ? "refusal of " : "") + "cut " + cut.generation() + " by " + cut.issuer() + ": " + cut.describe();
    }
}
