package io.conclave.raft;

import org.jgroups.protocols.raft.Log;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.raft.StateMachine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The replicated map: every peer applies the same committed commands in the same order, so every copy ends
 * up equal. jgroups-raft calls {@link #apply} from its single processing thread (and when a restarting peer
 * replays its log); stale reads come from user threads, hence the lock.
 * <p>
 * Writes that carry a {@link RequestId} are applied once per id ({@link SessionTable}); entries written before
 * client sessions carry none and are applied as they are. An entry that cannot be decoded stops this copy
 * there ({@link CopyHealth}): skipping it would let the copies differ without anybody noticing.
 */
final class KeyValueStateMachine implements StateMachine {

    /** Snapshot formats; keep reading the old ones. 1: the map; 2: the map, the sessions, the last log check. */
    private static final byte SNAPSHOT_MAP = 1;
    private static final byte SNAPSHOT_SESSIONS = 2;

    private final TreeMap<String, String> entries = new TreeMap<>();
    private SessionTable sessions = new SessionTable();
    private final CopyHealth health;
    /** The raft log this machine applies, to name the index of a bad entry and to run log checks; may be null. */
    private final Supplier<Log> log;
    private long lastCheckedIndex;
    /** Set by an entry that cannot be decoded: nothing after it is applied. */
    private volatile boolean halted;

    /** A state machine outside a peer (tests): no log checks, bad entries reported without their index. */
    KeyValueStateMachine() {
        this(CopyHealth.detached(), () -> null);
    }

    KeyValueStateMachine(CopyHealth health, Supplier<Log> log) {
        this.health = health;
        this.log = log;
    }

    @Override
    public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) {
        if (halted) {
            return serializeResponse ? StoreResponse.failure(health.damage()).encode(StoreCommand.Op.GET) : null;
        }
        StoreCommand.Entry entry;
        try {
            entry = StoreCommand.decodeEntry(data, offset, length);
        } catch (IOException e) {
            halted = true;
            health.damaged("log entry " + indexOf(data, offset, length) + " cannot be decoded (" + e.getMessage()
                    + "); this copy stopped applying the log there");
            return serializeResponse ? StoreResponse.failure(health.damage()).encode(StoreCommand.Op.GET) : null;
        }
        StoreCommand command = entry.command();
        byte[] answer = execute(entry.id(), command);
        return serializeResponse ? answer : null;
    }

    private synchronized byte[] execute(RequestId id, StoreCommand command) {
        if (id == null || !command.op().changes) {
            return run(command).encode(command.op());
        }
        SessionTable.Admission admission = sessions.admit(id);
        if (admission instanceof SessionTable.Answer resend) {
            return resend.firstResult();
        }
        if (admission instanceof SessionTable.Refuse refused) {
            return StoreResponse.failure(refused.why()).encode(command.op());
        }
        byte[] result = run(command).encode(command.op());
        sessions.record(id, result);
        return result;
    }

    private StoreResponse run(StoreCommand command) {
        if (!command.op().changes && command.op() != StoreCommand.Op.CHECK && health.damage() != null) {
            return StoreResponse.failure(health.damage());
        }
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
            case CHECK -> check(command.value());
        };
    }

    /** The first entry of a {@link LogCheck} asks for this copy's digest; the second compares it with the leader's. */
    private StoreResponse check(String value) {
        LogCheck check;
        try {
            check = LogCheck.parse(value);
        } catch (IOException e) {
            return StoreResponse.failure(e.getMessage());
        }
        Log raftLog = log.get();
        Long mine = raftLog == null ? null : check.digestOf(raftLog);
        if (check.digest() == null) {
            return StoreResponse.value(mine == null ? null : LogCheck.hex(mine));
        }
        lastCheckedIndex = Math.max(lastCheckedIndex, check.to());
        if (mine != null && !mine.equals(check.digest())) {
            health.damaged("its committed log differs from the leader's between index " + check.from() + " and "
                    + check.to() + " (digests of index and term differ)");
        }
        return StoreResponse.value(null);
    }

    /**
     * The index of the first entry holding these bytes: the one being applied, since this copy stops at the first
     * entry it cannot decode. (jgroups-raft does not pass the index, and its commit index moves only after a
     * batch, or, when replaying at start-up, has moved already.) A full scan, but only once, on the way down.
     */
    private String indexOf(byte[] data, int offset, int length) {
        Log raftLog = log.get();
        if (raftLog == null) {
            return "(index unknown)";
        }
        byte[] wanted = Arrays.copyOfRange(data, offset, offset + length);
        for (long i = Math.max(1, raftLog.firstAppended()); i <= raftLog.lastAppended(); i++) {
            LogEntry candidate = raftLog.get(i);
            if (candidate != null && candidate.command() != null && Arrays.equals(wanted, Arrays.copyOfRange(
                    candidate.command(), candidate.offset(), candidate.offset() + candidate.length()))) {
                return String.valueOf(i);
            }
        }
        return "(index not found)";
    }

    /** What applying a read (get, keys) would answer now, without a log entry: for a lease read. */
    synchronized StoreResponse read(StoreCommand command) {
        if (!command.op().isRead()) {
            throw new IllegalArgumentException(command.describe() + " is not a read");
        }
        return run(command);
    }

    /** This peer's own copy, without asking the leader (a stale read). */
    synchronized String localValue(String key) {
        return entries.get(key);
    }

    /** A copy of the whole map, to compare copies. */
    synchronized Map<String, String> entries() {
        return new TreeMap<>(entries);
    }

    /** The last index covered by a log check this copy applied. */
    synchronized long lastCheckedIndex() {
        return lastCheckedIndex;
    }

    /** Resends this copy answered with their first result instead of applying them again. */
    synchronized long resendsAnswered() {
        return sessions.resendsAnswered();
    }

    synchronized int sessions() {
        return sessions.clients();
    }

    @Override
    public synchronized void writeContentTo(DataOutput out) throws IOException {
        out.writeByte(SNAPSHOT_SESSIONS);
        out.writeInt(entries.size());
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            StoreCommand.Strings.write(out, entry.getKey());
            StoreCommand.Strings.write(out, entry.getValue());
        }
        sessions.writeTo(out);
        out.writeLong(lastCheckedIndex);
    }

    @Override
    public synchronized void readContentFrom(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format != SNAPSHOT_MAP && format != SNAPSHOT_SESSIONS) {
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
        SessionTable loadedSessions = new SessionTable();
        long checked = 0;
        if (format == SNAPSHOT_SESSIONS) {
            loadedSessions.readFrom(in);
            checked = in.readLong();
        }
        entries.clear();
        entries.putAll(loaded);
        sessions = loadedSessions;
        lastCheckedIndex = checked;
    }
}
