package io.conclave.raft;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One store operation as it travels through the Raft log: an op byte, then the op's strings. The encoding
 * is explicit and versioned by the op codes, never Java serialization, so a log written today can be read
 * by the next version and nobody can smuggle objects into it.
 *
 * @param op       what to do
 * @param key      the key (null for KEYS)
 * @param value    the new value (PUT and CAS)
 * @param expected CAS only: the value the key must hold, or null for "absent"
 */
record StoreCommand(Op op, String key, String value, String expected) {

    /**
     * The operations; the codes are part of the log format and must never be reused ({@link RequestId#MARK},
     * 16, is taken too).
     */
    enum Op {
        PUT(1, false), DELETE(2, false), CAS(3, false), GET(4, true), KEYS(5, true), CHECK(6, true);

        final byte code;
        /** GET and KEYS change nothing, but still go through the log (see {@link RaftStore}). */
        final boolean changes;

        Op(int code, boolean readOnly) {
            this.code = (byte) code;
            this.changes = !readOnly;
        }

        /** A read of the store (get, keys), which a leader holding the lease may answer from its copy. */
        boolean isRead() {
            return this == GET || this == KEYS;
        }

        static Op of(byte code) throws IOException {
            for (Op op : values()) {
                if (op.code == code) {
                    return op;
                }
            }
            throw new IOException("unknown store operation " + code + " (written by a newer version?)");
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static StoreCommand put(String key, String value) {
        return new StoreCommand(Op.PUT, key, value, null);
    }

    static StoreCommand delete(String key) {
        return new StoreCommand(Op.DELETE, key, null, null);
    }

    static StoreCommand compareAndSet(String key, String expected, String value) {
        return new StoreCommand(Op.CAS, key, value, expected);
    }

    static StoreCommand get(String key) {
        return new StoreCommand(Op.GET, key, null, null);
    }

    static StoreCommand keys() {
        return new StoreCommand(Op.KEYS, null, null, null);
    }

    /** A {@link LogCheck}, encoded in the value. */
    static StoreCommand check(String value) {
        return new StoreCommand(Op.CHECK, null, value, null);
    }

    /** "put k" for messages. */
    String describe() {
        return key == null ? op.label() : op.label() + " " + key;
    }

    byte[] encode() {
        return encode(null);
    }

    /**
     * @param id who sends it, written before the command ({@link RequestId#MARK} first); null writes the
     *           command alone, as versions before client sessions did (reads need no id: resending one is harmless)
     */
    byte[] encode(RequestId id) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(41 + length(key) + length(value) + length(expected));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (id != null) {
                id.writeTo(out);
            }
            out.writeByte(op.code);
            switch (op) {
                case PUT -> {
                    Strings.write(out, key);
                    Strings.write(out, value);
                }
                case DELETE, GET -> Strings.write(out, key);
                case CAS -> {
                    Strings.write(out, key);
                    Strings.writeNullable(out, expected);
                    Strings.write(out, value);
                }
                case CHECK -> Strings.write(out, value);
                case KEYS -> {
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static StoreCommand decode(byte[] buf, int offset, int length) throws IOException {
        return decodeEntry(buf, offset, length).command();
    }

    /** A log entry: the command and, if the entry has one, the request id in front of it. */
    static Entry decodeEntry(byte[] buf, int offset, int length) throws IOException {
        DataInput in = new DataInputStream(new ByteArrayInputStream(buf, offset, length));
        byte first = in.readByte();
        RequestId id = null;
        if (first == RequestId.MARK) {
            id = RequestId.readFrom(in);
            first = in.readByte();
        }
        return new Entry(id, read(Op.of(first), in));
    }

    /** @param id who sent the command, or null (reads, and entries written before client sessions) */
    record Entry(RequestId id, StoreCommand command) {
    }

    private static StoreCommand read(Op op, DataInput in) throws IOException {
        return switch (op) {
            case PUT -> put(Strings.read(in), Strings.read(in));
            case DELETE -> delete(Strings.read(in));
            case GET -> get(Strings.read(in));
            case CAS -> {
                String key = Strings.read(in);
                String expected = Strings.readNullable(in);
                yield compareAndSet(key, expected, Strings.read(in));
            }
            case KEYS -> keys();
            case CHECK -> check(Strings.read(in));
        };
    }

    private static int length(String s) {
        return s == null ? 0 : s.length() * 3;
    }

    /** Length-prefixed UTF-8 strings: no 64 KiB limit as with writeUTF, and a bound check on reading. */
    static final class Strings {

        /** Far above what the store accepts; guards against reading garbage as a huge length. */
        static final int MAX_BYTES = 16 * 1024 * 1024;

        private Strings() {
        }

        static void write(DataOutput out, String s) throws IOException {
            byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        static String read(DataInput in) throws IOException {
            int length = in.readInt();
            if (length < 0 || length > MAX_BYTES) {
                throw new IOException("corrupt string length " + length);
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        static void writeNullable(DataOutput out, String s) throws IOException {
            out.writeBoolean(s != null);
            if (s != null) {
                write(out, s);
            }
        }

        static String readNullable(DataInput in) throws IOException {
            return in.readBoolean() ? read(in) : null;
        }
    }
}
