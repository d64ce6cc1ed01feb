package io.conclave.peer;

import io.conclave.security.Refusal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns refused messages into at most one line per sender and reason a minute, and at most a few senders a
 * minute, so a stranger (or a flood of forged frames) cannot fill the terminal. Called on JGroups threads.
 */
final class RefusalReporter {

    static final Duration QUIET = Duration.ofMinutes(1);
    static final int MAX_SENDERS_PER_MINUTE = 5;

    private final String cluster;
    private final Consumer<String> announce;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private Instant minuteStart = Instant.EPOCH;
    private int sendersThisMinute;
    private long unannounced;
    private Refusal foreign;

    RefusalReporter(String cluster, Consumer<String> announce, Clock clock) {
        this.cluster = cluster;
        this.announce = announce;
        this.clock = clock;
    }

    void accept(Refusal refusal) {
        String line;
        synchronized (this) {
            if (refusal.kind() == Refusal.Kind.OTHER_SECRET || refusal.kind() == Refusal.Kind.SEALED_TRAFFIC) {
                foreign = refusal;
                notifyAll();
            }
            Instant now = clock.instant();
            if (Duration.between(minuteStart, now).compareTo(QUIET) >= 0) {
                minuteStart = now;
                sendersThisMinute = 0;
            }
            String key = refusal.who() + " " + refusal.kind();
            Entry entry = entries.get(key);
            if (entry != null && Duration.between(entry.announced, now).compareTo(QUIET) < 0) {
                entry.suppressed++;
                return;
            }
            if (sendersThisMinute >= MAX_SENDERS_PER_MINUTE) {
                unannounced++;
                return;
            }
            sendersThisMinute++;
            long suppressed = entry == null ? 0 : entry.suppressed;
            if (entries.size() > 1000) {
                entries.clear();
            }
            entries.put(key, new Entry(now));
            line = describe(refusal) + (suppressed == 0 ? "" : " (" + suppressed + " more from it in the last minute)")
                    + (unannounced == 0 ? "" : "; " + unannounced + " messages from other senders not shown");
            unannounced = 0;
        }
        announce.accept(line);
    }

    private String describe(Refusal r) {
        if (r.kind() == Refusal.Kind.SEALED_TRAFFIC) {
            return "cannot join cluster " + cluster + " with " + r.who() + ": " + r.kind().reason()
                    + "; use the cluster's secure stack and its secret (PeerConfig.secretFile=FILE)";
        }
        if (r.kind() == Refusal.Kind.OTHER_SECRET) {
            return "refused " + r.who() + ": " + r.kind().reason() + " (if it belongs to cluster " + cluster
                    + ", give it the same PeerConfig.secretFile)";
        }
        return "refused " + r.who() + ": " + r.kind().reason() + (r.detail().isEmpty() ? "" : ": " + r.detail());
    }

    /** Waits up to {@code grace} for such a refusal. */
    synchronized Refusal awaitForeign(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (foreign == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return foreign;
    }

    private static final class Entry {
        final Instant announced;
        long suppressed;

        Entry(Instant announced) {
            this.announced = announced;
        }
    }
}
