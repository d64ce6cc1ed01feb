package io.conclave.raft;

import org.jgroups.raft.StateMachine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The replicated map: every peer applies the same committed commands in the same order, so every copy ends
 * up equal. jgroups-raft calls {@link #apply} from its single processing thread (and when a restarting peer
 * replays its log); stale reads come from user threads, hence the lock.
 */
final class KeyValueStateMachine implements StateMachine {

    /** Snapshot format; bump it when the layout changes and keep reading the old one. */
    private static final byte SNAPSHOT_FORMAT = 1;

    private final TreeMap<String, String> entries = new TreeMap<>();

    @Override
    public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) {
        StoreCommand command;
        try {
            command = StoreCommand.decode(data, offset, length);
        } catch (IOException e) {
            // an entry this version cannot read: skip it rather than stop applying the log
            return serializeResponse ? StoreResponse.failure("cannot apply log entry: " + e.getMessage())
                    .encode(StoreCommand.Op.GET) : null;
        }
        StoreResponse response = execute(command);
        return serializeResponse ? response.encode(command.op()) : null;
    }

    private synchronized StoreResponse execute(StoreCommand command) {
        return switch (command.op()) {
            case PUT -> StoreResponse.value(entries.put(command.key(), command.value()));
            case DELETE -> StoreResponse.value(entries.remove(command.key()));
            case GET -> StoreResponse.value(entries.get(command.key()));
            case KEYS -> StoreResponse.keys(new ArrayList<>(entries.keySet()));
            case CAS -> {
                String current = entries.get(command.key());
                if (!Objects.equals(current, command.expected())) {
                    yield StoreResponse.swap(false, current);
                }
                entries.put(command.key(), command.value());
                yield StoreResponse.swap(true, command.value());
            }
        };
    }

    /** This peer's own copy, without asking the leader (a stale read). */
    synchronized String localValue(String key) {
        return entries.get(key);
    }

    synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized void writeContentTo(DataOutput out) throws IOException {
        out.writeByte(SNAPSHOT_FORMAT);
        out.writeInt(entries.size());
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            StoreCommand.Strings.write(out, entry.getKey());
            StoreCommand.Strings.write(out, entry.getValue());
        }
    }

    @Override
    public synchronized void readContentFrom(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format != SNAPSHOT_FORMAT) {
            throw new IOException("unknown store snapshot format " + format + " (written by a newer version?)");
        }
        int size = in.readInt();
        if (size < 0) {
            throw new IOException("corrupt snapshot: " + size + " entries");
        }
        TreeMap<String, String> loaded = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            loaded.put(StoreCommand.Strings.read(in), StoreCommand.Strings.read(in));
        }
        entries.clear();
        entries.putAll(loaded);
    }
}
