package io.conclave.peer;

import io.conclave.spi.PeerClock;
import io.conclave.spi.PeerLoop;
import org.apache.logging.log4j.LogManager;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread on which a peer's election state changes (see docs/event-loop.md). Inputs run one at a time
 * in the order they arrived, timers when the peer's clock says they are due, and after each of them the loop
 * calls {@code afterEachInput}, where what the input caused leaves the peer, in order. Nothing here knows
 * JGroups: a test can drive a loop on a clock of its own with {@link #runDue()}.
 */
final class ElectionLoop implements PeerLoop {

    /** How long {@link #close} waits for the inputs queued before it (the elector's close among them). */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final PeerClock clock;
    private final Runnable afterEachInput;
    private final Object lock = new Object();
    private final Deque<Runnable> inputs = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            Comparator.comparingLong(Timer::due).thenComparingLong(Timer::order));
    private long timersAdded;
    /** The thread running inputs now: the loop's own, or a test's in {@link #runDue()}. */
    private volatile Thread runner;
    private Thread thread;
    private boolean closing;

    ElectionLoop(PeerClock clock, Runnable afterEachInput) {
        this.clock = clock;
        this.afterEachInput = afterEachInput;
    }

    /** Starts the loop's thread; inputs queued before run first. */
    void start(String peerName) {
        synchronized (lock) {
            if (closing || thread != null) {
                return;
            }
            thread = new Thread(this::run, "conclave-loop-" + peerName);
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void execute(Runnable input) {
        synchronized (lock) {
            if (closing) {
                return;
            }
            inputs.addLast(input);
            lock.notifyAll();
        }
    }

    @Override
    public void every(Duration period, Runnable tick) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a loop timer needs a positive period, not " + period);
        }
        synchronized (lock) {
            timers.add(new Timer(clock.nanos() + period.toNanos(), timersAdded++, period.toNanos(), tick));
            lock.notifyAll();
        }
    }

    /** Whether the calling thread is the one running this loop's inputs. */
    boolean inLoop() {
        return Thread.currentThread() == runner;
    }

    /**
     * Runs, on the calling thread, every queued input and every timer the clock says is due, until none is
     * left; for a loop whose thread is not started (a test's, on a clock it moves itself).
     */
    void runDue() {
        runner = Thread.currentThread();
        try {
            for (Runnable next = nextDue(); next != null; next = nextDue()) {
                runOne(next);
            }
        } finally {
            runner = null;
        }
    }

    /**
     * Runs {@code last} after the inputs queued so far, then stops: later inputs and timers are dropped. Waits
     * (at most {@link #CLOSE_WAIT}) for it unless called from the loop itself; a loop never started runs
     * {@code last} on the calling thread.
     */
    void close(Runnable last) {
        Thread running;
        synchronized (lock) {
            if (closing) {
                return;
            }
            inputs.addLast(last);
            closing = true;
            lock.notifyAll();
            running = thread;
        }
        if (running == null) {
            runDue();
        } else if (running != Thread.currentThread()) {
            try {
                running.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        runner = Thread.currentThread();
        while (true) {
            Runnable next;
            synchronized (lock) {
                while ((next = nextDue()) == null) {
                    if (closing) {
                        return;
                    }
                    try {
                        waitForInput();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            runOne(next);
        }
    }

    /** Sleeps until an input arrives or the earliest timer is due by the peer's clock. */
    private void waitForInput() throws InterruptedException {
        Timer earliest = timers.peek();
        if (earliest == null) {
            lock.wait();
            return;
        }
        long left = earliest.due() - clock.nanos();
        if (left > 0) {
            TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
    }

    /** The next input, else the earliest timer if it is due (put back for its next run); null if neither. */
    private Runnable nextDue() {
        synchronized (lock) {
            Runnable input = inputs.pollFirst();
            if (input != null || closing) {
                return input;
            }
            Timer earliest = timers.peek();
            if (earliest == null || earliest.due() - clock.nanos() > 0) {
                return null;
            }
            timers.poll();
            return () -> {
                try {
                    earliest.tick().run();
                } finally {
                    synchronized (lock) {
                        timers.add(earliest.after(clock.nanos()));
                    }
                }
            };
        }
    }

    private void runOne(Runnable next) {
        try {
            next.run();
        } catch (RuntimeException e) {
            LogManager.getLogger(ElectionLoop.class).warn("an election input failed", e);
        } finally {
            afterEachInput.run();
        }
    }

    /** A periodic tick, due at {@code due} on the peer's clock; {@code order} keeps ties in the order they were added. */
    private record Timer(long due, long order, long periodNanos, Runnable tick) {
        Timer after(long nanos) {
            return new Timer(nanos + periodNanos, order, periodNanos, tick);
        }
    }
}
