package io.conclave.peer;

import io.conclave.election.ElectionEvent.Notice;
import io.conclave.election.LeaderWork;
import io.conclave.election.Leadership;
import io.conclave.election.Tenure;
import org.apache.logging.log4j.LogManager;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs one piece of work each time this peer leads, and tells it to stop in time. A watchdog looks every
 * {@link #WATCH_MS} ms: the tenure ends when leadership is lost, or when the lease has less than
 * {@code guardNanos} left (a renewal is due long before that, so it only happens when renewals stopped
 * arriving): the work's thread is interrupted before the lease can run out.
 */
final class LeaderTasks implements AutoCloseable {

    static final long WATCH_MS = 10;

    private final String peer;
    private final LeaderWork work;
    private final Supplier<Leadership> leadership;
    private final LongSupplier leaseRemainingNanos;
    private final long guardNanos;
    private final BiConsumer<Notice.Kind, String> notice;
    private final Thread watchdog;
    private volatile boolean closed;
    private RunningTenure current;

    LeaderTasks(String peer, LeaderWork work, Supplier<Leadership> leadership, LongSupplier leaseRemainingNanos,
                Duration guard, BiConsumer<Notice.Kind, String> notice) {
        this.peer = peer;
        this.work = work;
        this.leadership = leadership;
        this.leaseRemainingNanos = leaseRemainingNanos;
        this.guardNanos = guard.toNanos();
        this.notice = notice;
        this.watchdog = new Thread(this::watch, "conclave-leader-work-" + peer);
        watchdog.setDaemon(true);
        watchdog.setPriority(Thread.MAX_PRIORITY);
        watchdog.start();
    }

    private boolean leadsSafely() {
        Leadership now = leadership.get();
        return !closed && peer.equals(now.leader()) && leaseRemainingNanos.getAsLong() > guardNanos;
    }

    private void watch() {
        while (!closed) {
            try {
                Leadership now = leadership.get();
                if (current != null && (!current.ended() && (!leadsSafely() || now.epoch() != current.epoch))) {
                    current.end("leadership " + (peer.equals(now.leader()) ? "lease about to run out" : "lost"));
                }
                // a work that ended on its own runs again only for a new leadership
                if ((current == null || current.finished() && current.ended()) && leadsSafely()) {
                    current = new RunningTenure(now.epoch(), now.token());
                    current.start();
                }
                Thread.sleep(WATCH_MS);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LogManager.getLogger(LeaderTasks.class).warn("leader work watchdog", e);
            }
        }
        if (current != null) {
            current.end("peer closing");
        }
    }

    /** Stops the work and waits (a few seconds at most) until it has stopped, while the peer still leads. */
    @Override
    public void close() {
        closed = true;
        watchdog.interrupt();
        try {
            watchdog.join(TimeUnit.SECONDS.toMillis(5));
            RunningTenure last = current;
            if (last != null) {
                last.finished.await(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One run of the work, for one leadership. */
    private final class RunningTenure implements Tenure {
        private final long epoch;
        private final String token;
        private final CountDownLatch ended = new CountDownLatch(1);
        private final CountDownLatch finished = new CountDownLatch(1);
        private volatile boolean over;
        private Thread thread;

        RunningTenure(long epoch, String token) {
            this.epoch = epoch;
            this.token = token;
        }

        void start() {
            notice.accept(Notice.Kind.TASK, "leader work started (epoch " + epoch + ")");
            thread = new Thread(() -> {
                try {
                    work.run(this);
                    notice.accept(Notice.Kind.TASK, "leader work ended (epoch " + epoch + ")");
                } catch (InterruptedException e) {
                    notice.accept(Notice.Kind.TASK, "leader work stopped (epoch " + epoch + ")");
                } catch (Exception e) {
                    notice.accept(Notice.Kind.TASK, "leader work failed (epoch " + epoch + "): " + e.getMessage());
                } finally {
                    finished.countDown();
                }
            }, "conclave-leader-work-" + peer + "-" + epoch);
            thread.setDaemon(true);
            thread.start();
        }

        void end(String why) {
            if (over) {
                return;
            }
            over = true;
            ended.countDown();
            LogManager.getLogger(LeaderTasks.class).info("{}: stopping leader work of epoch {}: {}", peer, epoch, why);
            thread.interrupt();
        }

        boolean ended() {
            return over;
        }

        boolean finished() {
            return finished.getCount() == 0;
        }

        @Override
        public long epoch() {
            return epoch;
        }

        @Override
        public String token() {
            return token;
        }

        @Override
        public boolean active() {
            return !over && leadsSafely();
        }

        @Override
        public boolean awaitEnd(Duration timeout) throws InterruptedException {
            return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
