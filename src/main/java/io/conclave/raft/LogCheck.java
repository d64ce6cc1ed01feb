package io.conclave.raft;

import org.jgroups.protocols.raft.Log;
import org.jgroups.protocols.raft.LogEntry;

import java.io.IOException;

/**
 * A consistency check that travels through the log (in the spirit of etcd's corruption check), in two log
 * entries: the leader appends the range {@code from..to} of its committed entries, and its own state machine,
 * applying that entry, digests the (index, term) pairs of the range and answers with the digest; the leader
 * then appends the range with the digest, and every peer that applies it digests its own entries of the
 * range, all committed by then, and compares. A difference means this copy's committed log differs from the
 * leader's: Raft's state-machine safety is broken for this copy, so it raises the alarm and serves no more
 * reads ({@link CopyHealth}).
 * <p>
 * Digests are computed only while applying an entry, on jgroups-raft's processing thread: its file log shares
 * one I/O buffer between reads and appends, so a read from any other thread while it appends returns garbage.
 *
 * @param from   first index covered
 * @param to     last index covered
 * @param digest of (index, term) over from..to on the leader; null in the first entry, which asks for it
 */
record LogCheck(long from, long to, Long digest) {

    /** The range the next check covers; it starts after the previous one, so every entry is checked once. */
    static LogCheck next(long firstAppended, long after, long commitIndex, int maxEntries) {
        long from = Math.max(after + 1, Math.max(1, firstAppended + 1));
        long to = Math.min(commitIndex, from + maxEntries - 1);
        return from > to ? null : new LogCheck(from, to, null);
    }

    LogCheck withDigest(long leaders) {
        return new LogCheck(from, to, leaders);
    }

    /** The digest of this log over the range, or null if it no longer holds the whole range (a snapshot). */
    Long digestOf(Log log) {
        if (log.firstAppended() >= from || log.commitIndex() < to) {
            return null;
        }
        return digest(log, from, to);
    }

    private static long digest(Log log, long from, long to) {
        long hash = 0xcbf29ce484222325L; // FNV-1a over the longs
        for (long i = from; i <= to; i++) {
            LogEntry entry = log.get(i);
            hash = mix(mix(hash, i), entry == null ? -1 : entry.term());
        }
        return hash;
    }

    private static long mix(long hash, long value) {
        for (int shift = 0; shift < 64; shift += 8) {
            hash ^= (value >>> shift) & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** Carried as the value of a CHECK command: "from-to", or "from-to:digest". */
    StoreCommand command() {
        return StoreCommand.check(from + "-" + to + (digest == null ? "" : ":" + Long.toHexString(digest)));
    }

    static LogCheck parse(String value) throws IOException {
        try {
            int dash = value.indexOf('-');
            int colon = value.indexOf(':');
            long from = Long.parseLong(value.substring(0, dash));
            long to = Long.parseLong(value.substring(dash + 1, colon < 0 ? value.length() : colon));
            return new LogCheck(from, to, colon < 0 ? null : Long.parseUnsignedLong(value.substring(colon + 1), 16));
        } catch (RuntimeException e) {
            throw new IOException("corrupt log check '" + value + "'");
        }
    }

    static String hex(long digest) {
        return Long.toHexString(digest);
    }
}
