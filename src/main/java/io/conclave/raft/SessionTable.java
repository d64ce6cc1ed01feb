package io.conclave.raft;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Client sessions of the state machine (Raft dissertation §6.3): per client, the results of its writes that it
 * may still resend, so that a resend is answered with the first result instead of being applied again.
 * Everything here changes only when a log entry is applied, so every copy holds the same table; it is part of
 * the snapshot.
 * <p>
 * Bounds (the expiry): a client's results are dropped as soon as it reports them finished
 * ({@link RequestId#answeredBelow}), and at most {@value #MAX_RESULTS} per client are kept. At most
 * {@value #MAX_CLIENTS} clients are kept: the one that wrote least recently (in log order) is dropped first.
 * A client is one store instance, i.e. one peer incarnation; a resend is made within its request's timeout,
 * so it would take {@value #MAX_CLIENTS} other peer incarnations writing within one timeout to lose a session
 * that is still needed. A request whose result was dropped while its session lives is refused, never re-applied.
 */
final class SessionTable {

    static final int MAX_CLIENTS = 1024;
    static final int MAX_RESULTS = 1024;

    /** In order of the last write applied, oldest first. */
    private final LinkedHashMap<Long, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private long resendsAnswered;

    /** What to do with a write. */
    sealed interface Admission {
    }

    /** Not seen before: apply it, then {@link #record} the result. */
    record Apply() implements Admission {
    }

    /** A resend: answer with the first result. */
    record Answer(byte[] firstResult) implements Admission {
    }

    /** Applied before, but its result is gone: refuse rather than apply it twice. */
    record Refuse(String why) implements Admission {
    }

    Admission admit(RequestId id) {
        Session session = sessions.get(id.client());
        if (session == null) {
            return new Apply();
        }
        session.forgetBelow(id.answeredBelow());
        byte[] first = session.results.get(id.seq());
        if (first != null) {
            resendsAnswered++;
            return new Answer(first);
        }
        if (id.seq() < session.floor) {
            return new Refuse(id.describe() + " is older than what the client reported finished, or its result is no"
                    + " longer kept: not applied (again)");
        }
        return new Apply();
    }

    void record(RequestId id, byte[] result) {
        Session session = sessions.computeIfAbsent(id.client(), client -> new Session());
        session.forgetBelow(id.answeredBelow());
        session.results.put(id.seq(), result);
        while (session.results.size() > MAX_RESULTS) {
            session.floor = Math.max(session.floor, session.results.pollFirstEntry().getKey() + 1);
        }
        if (sessions.size() > MAX_CLIENTS) {
            Iterator<Long> oldest = sessions.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Resends answered with their first result since this copy started (not part of the snapshot). */
    long resendsAnswered() {
        return resendsAnswered;
    }

    int clients() {
        return sessions.size();
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(sessions.size());
        for (Map.Entry<Long, Session> entry : sessions.entrySet()) {
            Session session = entry.getValue();
            out.writeLong(entry.getKey());
            out.writeLong(session.floor);
            out.writeInt(session.results.size());
            for (Map.Entry<Long, byte[]> result : session.results.entrySet()) {
                out.writeLong(result.getKey());
                out.writeInt(result.getValue().length);
                out.write(result.getValue());
            }
        }
    }

    void readFrom(DataInput in) throws IOException {
        int clients = count(in.readInt(), MAX_CLIENTS, "clients");
        LinkedHashMap<Long, Session> loaded = new LinkedHashMap<>(16, 0.75f, true);
        for (int i = 0; i < clients; i++) {
            long client = in.readLong();
            Session session = new Session();
            session.floor = in.readLong();
            int results = count(in.readInt(), MAX_RESULTS, "results");
            for (int r = 0; r < results; r++) {
                long seq = in.readLong();
                byte[] result = new byte[count(in.readInt(), StoreCommand.Strings.MAX_BYTES, "result bytes")];
                in.readFully(result);
                session.results.put(seq, result);
            }
            loaded.put(client, session);
        }
        sessions.clear();
        sessions.putAll(loaded);
    }

    private static int count(int n, int max, String what) throws IOException {
        if (n < 0 || n > max) {
            throw new IOException("corrupt snapshot: " + n + " " + what);
        }
        return n;
    }

    private static final class Session {
        /** Requests below this are finished and forgotten. */
        long floor = 1;
        final TreeMap<Long, byte[]> results = new TreeMap<>();

        void forgetBelow(long answeredBelow) {
            if (answeredBelow > floor) {
                floor = answeredBelow;
                results.headMap(answeredBelow).clear();
            }
        }
    }
}
