package io.conclave.raft;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a {@link StoreCommand}, encoded like it: a status byte, then the payload. Applying a command
 * never throws (a throwing state machine would stop a restarting peer from replaying its log); a command it
 * cannot apply is answered with an error instead.
 *
 * @param error   why the command failed, or null
 * @param value   PUT/DELETE: the previous value; GET: the value; CAS: the value after the operation
 * @param swapped CAS: whether the value was replaced
 * @param keys    KEYS: all keys in order
 */
record StoreResponse(String error, String value, boolean swapped, List<String> keys) {

    private static final byte OK = 0;
    private static final byte ERROR = 1;

    StoreResponse {
        keys = List.copyOf(keys);
    }

    static StoreResponse value(String value) {
        return new StoreResponse(null, value, false, List.of());
    }

    static StoreResponse swap(boolean swapped, String current) {
        return new StoreResponse(null, current, swapped, List.of());
    }

    static StoreResponse keys(List<String> keys) {
        return new StoreResponse(null, null, false, keys);
    }

    static StoreResponse failure(String error) {
        return new StoreResponse(error, null, false, List.of());
    }

    byte[] encode(StoreCommand.Op op) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (error != null) {
                out.writeByte(ERROR);
                StoreCommand.Strings.write(out, error);
                return finish(out, bytes);
            }
            out.writeByte(OK);
            switch (op) {
                case PUT, DELETE, GET, CHECK -> StoreCommand.Strings.writeNullable(out, value);
                case CAS -> {
                    out.writeBoolean(swapped);
                    StoreCommand.Strings.writeNullable(out, value);
                }
                case KEYS -> {
                    out.writeInt(keys.size());
                    for (String key : keys) {
                        StoreCommand.Strings.write(out, key);
                    }
                }
            }
            return finish(out, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] finish(DataOutputStream out, ByteArrayOutputStream bytes) throws IOException {
        out.flush();
        return bytes.toByteArray();
    }

    static StoreResponse decode(StoreCommand.Op op, byte[] buf) throws IOException {
        if (buf == null) {
            throw new IOException("empty answer to " + op.label());
        }
        DataInput in = new DataInputStream(new ByteArrayInputStream(buf));
        if (in.readByte() == ERROR) {
            return failure(StoreCommand.Strings.read(in));
        }
        return switch (op) {
            case PUT, DELETE, GET, CHECK -> value(StoreCommand.Strings.readNullable(in));
            case CAS -> {
                boolean swapped = in.readBoolean();
                yield swap(swapped, StoreCommand.Strings.readNullable(in));
            }
            case KEYS -> {
                int n = in.readInt();
                if (n < 0) {
                    throw new IOException("corrupt key count " + n);
                }
                List<String> keys = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    keys.add(StoreCommand.Strings.read(in));
                }
                yield keys(keys);
            }
        };
    }
}
