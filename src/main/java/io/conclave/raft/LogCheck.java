package io.conclave.raft;

import org.jgroups.protocols.raft.Log;
import org.jgroups.protocols.raft.LogEntry;

import java.io.IOException;

/**
 * A consistency check that travels through the log (in the spirit of etcd's corruption check): the leader
 * digests the (index, term) pairs of its committed entries {@code from..to} and appends the digest; every peer
 * that applies the entry digests its own entries {@code from..to}, all committed by then, and compares. A
 * difference means this copy's committed log differs from the leader's: Raft's state-machine safety is broken
 * for this copy, so it raises the alarm and serves no more reads ({@link CopyHealth}).
 *
 * @param from   first index covered
 * @param to     last index covered
 * @param digest of (index, term) over from..to
 */
record LogCheck(long from, long to, long digest) {

    /** The range the next check covers; it starts after the previous one, so every entry is checked once. */
    static LogCheck of(Log log, long after, long commitIndex, int maxEntries) {
        long from = Math.max(after + 1, Math.max(1, log.firstAppended() + 1));
        long to = Math.min(commitIndex, from + maxEntries - 1);
        return from > to ? null : new LogCheck(from, to, digest(log, from, to));
    }

    /** The digest of this log over the same range, or null if it no longer holds the whole range (a snapshot). */
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

    /** Carried as the value of a CHECK command: "from-to:digest". */
    StoreCommand command() {
        return StoreCommand.check(from + "-" + to + ":" + Long.toHexString(digest));
    }

    static LogCheck parse(String value) throws IOException {
        try {
            int dash = value.indexOf('-');
            int colon = value.indexOf(':');
            return new LogCheck(Long.parseLong(value.substring(0, dash)), Long.parseLong(value.substring(dash + 1, colon)),
                    Long.parseUnsignedLong(value.substring(colon + 1), 16));
        } catch (RuntimeException e) {
            throw new IOException("corrupt log check '" + value + "'");
        }
    }
}
