package io.conclave.lab;

import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionListener;
import io.conclave.shell.Console;
import io.conclave.shell.EventFormat;
import io.conclave.timeline.LabEvent;
import io.conclave.timeline.MergeAnalysis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Listens to every lab peer: keeps the cluster timeline, writes the record, and shows what happened without
 * flooding the terminal: events are gathered for a moment and printed as a digest, and each merge is
 * reported once, as one block, when every peer has had time to report it.
 */
final class LabObserver implements ElectionListener {

    /** Peers install a view within milliseconds of each other; this gathers them into one digest. */
    static final Duration DIGEST_WINDOW = Duration.ofMillis(300);
    /** Long enough for every peer's merge and leader events to arrive before the merge is reported. */
    static final Duration MERGE_SETTLE = Duration.ofSeconds(1);

    private final Console console;
    private final ClusterTimeline timeline;
    private final Recorder recorder;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean printing = new AtomicBoolean();
    private final List<ElectionEvent> burst = new ArrayList<>();
    private final Set<String> reportedMerges = new HashSet<>();
    private final List<ScheduledFuture<?>> pendingReports = new ArrayList<>();

    LabObserver(Console console, ClusterTimeline timeline, Recorder recorder, ScheduledExecutorService timer) {
        this.console = console;
        this.timeline = timeline;
        this.recorder = recorder;
        this.timer = timer;
    }

    void printing(boolean on) {
        printing.set(on);
    }

    /** Drops what was gathered so far (the peers joining) and starts printing. */
    void startPrinting() {
        synchronized (burst) {
            burst.clear();
        }
        printing.set(true);
    }

    boolean printing() {
        return printing.get();
    }

    @Override
    public void onEvent(ElectionEvent event) {
        timeline.add(event);
        if (recorder != null) {
            recorder.write(EventFormat.fields(event));
        }
        if (event instanceof ElectionEvent.Merged merged) {
            scheduleReport(merged.view().id());
        } else if (!(event instanceof ElectionEvent.LeadershipGained || event instanceof ElectionEvent.LeadershipLost)) {
            gather(event);
        }
    }

    void fault(LabEvent fault) {
        timeline.add(fault);
        if (recorder != null) {
            recorder.write(fault.fields());
        }
    }

    private void gather(ElectionEvent event) {
        synchronized (burst) {
            burst.add(event);
            if (burst.size() == 1) {
                timer.schedule(this::printDigest, DIGEST_WINDOW.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Prints what has been gathered now rather than at the end of the window, so it comes before a command's output. */
    void flush() {
        printDigest();
    }

    /** Lets pending merge reports print (a script may end right after a merge), and the gathered events. */
    void settle() {
        List<ScheduledFuture<?>> pending;
        synchronized (reportedMerges) {
            pending = List.copyOf(pendingReports);
        }
        for (ScheduledFuture<?> report : pending) {
            try {
                report.get(MERGE_SETTLE.toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException | CancellationException e) {
                // a report that cannot be made is not worth holding up the exit
            }
        }
        printDigest();
    }

    private void printDigest() {
        List<ElectionEvent> events;
        synchronized (burst) {
            events = List.copyOf(burst);
            burst.clear();
        }
        if (printing.get()) {
            EventDigest.lines(events, console.style()).forEach(console::announce);
        }
    }

    private void scheduleReport(String viewId) {
        synchronized (reportedMerges) {
            if (!reportedMerges.add(viewId)) {
                return;
            }
            pendingReports.removeIf(Future::isDone);
            pendingReports.add(timer.schedule(() -> MergeAnalysis.of(viewId, timeline.events(), timeline.faults())
                            .ifPresent(report -> console.announce(report.render(console.style()))),
                    MERGE_SETTLE.toMillis(), TimeUnit.MILLISECONDS));
        }
    }
}
