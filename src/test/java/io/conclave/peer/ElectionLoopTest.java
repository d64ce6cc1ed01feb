package io.conclave.peer;

import io.conclave.election.ElectionEvent;
import io.conclave.election.Leadership;
import io.conclave.election.Mode;
import io.conclave.election.ViewInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The election loop and the state it owns, on a fake clock and without JGroups. */
class ElectionLoopTest {

    private static final Duration GENEROUS = Duration.ofSeconds(10);
    private static final ViewInfo ALONE = new ViewInfo("A", 1, List.of("A"));
    private static final ViewInfo JOINED = new ViewInfo("A", 2, List.of("A", "B"));

    private final FakeClock clock = new FakeClock();
    private final Leadership notConnected = Leadership.none(Mode.COORDINATOR, 0, clock.instant(), "not connected yet");
    private final List<ElectionEvent> history = new CopyOnWriteArrayList<>();
    /** Each event a listener got, with the snapshot it could read at that moment. */
    private final List<Heard> heard = new CopyOnWriteArrayList<>();
    private ElectionState state;

    private record Heard(ElectionEvent event, ElectionSnapshot snapshot) {
    }

    private ElectionLoop loop() {
        state = new ElectionState("A", new ElectionSnapshot(ALONE, notConnected), history::add,
                event -> heard.add(new Heard(event, state.snapshot())));
        return new ElectionLoop(clock, state::flush);
    }

    private Leadership leads(String leader, long epoch) {
        return new Leadership(Mode.COORDINATOR, leader, epoch, clock.instant(), null);
    }

    @Test
    void timersFireWhenTheClockSaysTheyAreDue() {
        ElectionLoop loop = loop();
        List<Long> ticks = new ArrayList<>();
        loop.every(Duration.ofMillis(50), () -> ticks.add(clock.nanos()));

        loop.runDue();
        clock.advance(Duration.ofMillis(49));
        loop.runDue();
        assertThat(ticks).isEmpty();

        clock.advance(Duration.ofMillis(1));
        loop.runDue();
        assertThat(ticks).containsExactly(TimeUnit.MILLISECONDS.toNanos(50));

        clock.advance(Duration.ofMillis(120)); // late: it runs once, and its next run is a period after this one
        loop.runDue();
        clock.advance(Duration.ofMillis(49));
        loop.runDue();
        assertThat(ticks).containsExactly(TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(170));

        clock.advance(Duration.ofMillis(1));
        loop.runDue();
        assertThat(ticks).hasSize(3);
    }

    @Test
    void aPublicationArrivingWhileAViewIsDecidedIsAnnouncedAfterTheViewsEvents() throws Exception {
        ElectionLoop loop = loop();
        loop.start("A");
        CountDownLatch deciding = new CountDownLatch(1);
        CountDownLatch leaseUpdateQueued = new CountDownLatch(1);
        try {
            loop.execute(() -> {
                state.viewInstalled(JOINED, clock.instant());
                deciding.countDown();
                await().atMost(GENEROUS).until(() -> leaseUpdateQueued.getCount() == 0);
                state.publish(leads("A", 2)); // the elector's decision on the view, within its input
            });
            assertThat(deciding.await(10, TimeUnit.SECONDS)).isTrue();
            // from another thread (as a lease message would), while the view is being decided
            loop.execute(() -> state.publish(leads("B", 3)));
            // readers meanwhile see the old view with the old leader, not the new view without its leader
            assertThat(state.snapshot()).isEqualTo(new ElectionSnapshot(ALONE, notConnected));
            leaseUpdateQueued.countDown();

            await().atMost(GENEROUS).until(() -> "B".equals(state.snapshot().leadership().leader()));
            assertThat(history).extracting(ElectionLoopTest::describe).containsExactly(
                    "view 2", "leader null -> A", "gained 2", "leader A -> B", "lost 3");
            await().atMost(GENEROUS).until(() -> heard.size() == history.size());
            assertThat(heard).extracting(h -> h.event()).containsExactlyElementsOf(history);
            // a listener told of the view already reads the leadership decided for it
            assertThat(heard.get(0).snapshot().view()).isEqualTo(JOINED);
            assertThat(heard.get(0).snapshot().leadership().leader()).isEqualTo("A");
        } finally {
            loop.close(() -> { });
        }
    }

    @Test
    void closeRunsWhatWasQueuedThenTheLastInputAndNothingAfter() {
        ElectionLoop loop = loop();
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        loop.start("A");
        loop.execute(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.add("queued before close");
        });
        Thread closer = new Thread(() -> loop.close(() -> ran.add("last")));
        closer.start();
        await().atMost(GENEROUS).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        loop.execute(() -> ran.add("queued after close"));
        release.countDown();
        await().atMost(GENEROUS).until(() -> !closer.isAlive());
        assertThat(ran).containsExactly("queued before close", "last");
    }

    @Test
    void aLoopNeverStartedRunsTheLastInputOnTheClosingThread() {
        ElectionLoop loop = loop();
        List<String> ran = new ArrayList<>();
        loop.close(() -> ran.add("last"));
        assertThat(ran).containsExactly("last");
    }

    private static String describe(ElectionEvent event) {
        if (event instanceof ElectionEvent.ViewChanged v) {
            return "view " + v.view().number();
        }
        if (event instanceof ElectionEvent.LeaderChanged c) {
            return "leader " + c.oldLeader() + " -> " + c.newLeader();
        }
        if (event instanceof ElectionEvent.LeadershipGained g) {
            return "gained " + g.epoch();
        }
        if (event instanceof ElectionEvent.LeadershipLost l) {
            return "lost " + l.epoch();
        }
        return event.toString();
    }
}
