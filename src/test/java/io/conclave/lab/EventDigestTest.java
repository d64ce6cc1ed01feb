package io.conclave.lab;

import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionEvent.LeaderChanged;
import io.conclave.election.ElectionEvent.LeadershipGained;
import io.conclave.election.ElectionEvent.MemberSuspected;
import io.conclave.election.ElectionEvent.ViewChanged;
import io.conclave.election.Mode;
import io.conclave.election.ViewInfo;
import io.conclave.shell.EventFormat;
import io.conclave.shell.Style;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventDigestTest {

    private static final Instant T = Instant.parse("2030-01-01T10:00:00Z");

    @Test
    void fivePeersInstallingTwoViewsMakeAFewLinesNotFifteen() {
        ViewInfo left = new ViewInfo("A", 5, List.of("A", "B"));
        ViewInfo right = new ViewInfo("C", 5, List.of("C", "D", "E"));
        List<ElectionEvent> burst = List.of(
                new MemberSuspected(T, "A", "C"), new MemberSuspected(T, "A", "D"), new MemberSuspected(T, "A", "E"),
                new ViewChanged(T.plusMillis(2), "A", left), new ViewChanged(T.plusMillis(3), "B", left),
                new LeaderChanged(T.plusMillis(3), "B", Mode.COORDINATOR, "A", "A", 5, null),
                new MemberSuspected(T.plusMillis(50), "C", "A"), new MemberSuspected(T.plusMillis(50), "C", "B"),
                new ViewChanged(T.plusMillis(60), "C", right), new ViewChanged(T.plusMillis(61), "D", right),
                new ViewChanged(T.plusMillis(61), "E", right),
                new LeaderChanged(T.plusMillis(61), "C", Mode.COORDINATOR, "A", "C", 5, null),
                new LeaderChanged(T.plusMillis(61), "D", Mode.COORDINATOR, "A", "C", 5, null),
                new LeaderChanged(T.plusMillis(62), "E", Mode.COORDINATOR, "A", "C", 5, null),
                new LeadershipGained(T.plusMillis(61), "C", 5));

        List<String> lines = EventDigest.lines(burst, Style.PLAIN);

        String clock = EventFormat.clock(T);
        assertThat(lines).containsExactly(
                clock + " A suspects C,D,E (failure detection)",
                EventFormat.clock(T.plusMillis(2)) + " view A|5: A,B",
                EventFormat.clock(T.plusMillis(3)) + " leader A (epoch 5) on B",
                EventFormat.clock(T.plusMillis(50)) + " C suspects A,B (failure detection)",
                EventFormat.clock(T.plusMillis(60)) + " view C|5: C,D,E",
                EventFormat.clock(T.plusMillis(61)) + " leader C (epoch 5) on C,D,E");
    }

    @Test
    void aNoticeIsSaidOnceWithThePeersThatHadIt() {
        List<String> lines = EventDigest.lines(List.of(
                new ElectionEvent.Notice(T, "A", ElectionEvent.Notice.Kind.REFUSED, "dropped messages from M: different cluster secret"),
                new ElectionEvent.Notice(T, "B", ElectionEvent.Notice.Kind.REFUSED, "dropped messages from M: different cluster secret")), Style.PLAIN);
        assertThat(lines).containsExactly(EventFormat.clock(T) + " A,B: dropped messages from M: different cluster secret");
    }

    @Test
    void aViewNotYetInstalledByAllItsMembersSaysWhoHasIt() {
        ViewInfo view = new ViewInfo("C", 5, List.of("C", "D", "E"));
        List<String> lines = EventDigest.lines(List.of(new ViewChanged(T, "E", view),
                new LeaderChanged(T, "A", Mode.COORDINATOR, "A", null, 5, "no quorum: 2 of 5 (3 needed)"),
                new LeaderChanged(T, "B", Mode.COORDINATOR, "A", null, 5, "no quorum: 2 of 5 (3 needed)")), Style.PLAIN);
        assertThat(lines).containsExactly(
                EventFormat.clock(T) + " view C|5: C,D,E  (on E)",
                EventFormat.clock(T) + " no leader on A,B: no quorum: 2 of 5 (3 needed)");
    }
}
