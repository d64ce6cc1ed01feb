package io.conclave.lab;

import io.conclave.election.LeaderSilence;
import io.conclave.election.Leadership;
import io.conclave.election.Mode;
import io.conclave.election.ViewInfo;
import io.conclave.shell.Format;
import io.conclave.shell.Style;
import io.conclave.timeline.PeerState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ViewsReportTest {

    private static PeerRow row(String name, PeerState state, ViewInfo view, String leader, String reason, LeaderSilence silence) {
        Leadership l = new Leadership(Mode.COORDINATOR, leader, view.number(), Instant.now(), reason);
        return new PeerRow(name, state, view, l, leader == null ? "-" : leader.equals(name) ? "leader" : "follower", silence);
    }

    @Test
    void twoLeadersAmongLivePeersIsSplitBrainAndDownOrPausedPeersDoNotCount() {
        ViewInfo left = new ViewInfo("A", 5, List.of("A", "B"));
        ViewInfo right = new ViewInfo("C", 5, List.of("C", "D", "E"));
        ViewInfo stale = new ViewInfo("F", 4, List.of("F"));
        List<PeerRow> rows = List.of(row("A", PeerState.UP, left, "A", null, null), row("B", PeerState.UP, left, "A", null, null),
                row("C", PeerState.UP, right, "C", null, null), row("D", PeerState.UP, right, "C", null, null),
                row("E", PeerState.UP, right, "C", null, null), row("F", PeerState.PAUSED, stale, "F", null, null), PeerRow.down("G", PeerState.KILLED));

        String text = ViewsReport.of(rows, Mode.COORDINATOR, Style.PLAIN).render(Format.text);

        assertThat(text).contains("PEER  STATE   VIEW  MEMBERS  LEADER  EPOCH  ROLE");
        assertThat(text).contains("G     killed  -");
        assertThat(text).endsWith("SPLIT BRAIN: 2 leaders: A (A,B) and C (C,D,E)");
        assertThat(ViewsReport.of(rows, Mode.COORDINATOR, Style.PLAIN).render(Format.json)).contains("\"split_brain\":true");
    }

    @Test
    void aLeaderNamedByAViewButSilentForTooLongIsShownAsUnreachable() {
        ViewInfo whole = new ViewInfo("A", 4, List.of("A", "B", "C", "D", "E"));
        ViewInfo shrunk = new ViewInfo("A", 5, List.of("A", "B", "C"));
        LeaderSilence silent = new LeaderSilence("A", Duration.ofMillis(4200), Duration.ofSeconds(2));
        List<PeerRow> rows = List.of(row("A", PeerState.UP, shrunk, "A", null, null), row("C", PeerState.UP, shrunk, "A", null, null),
                row("D", PeerState.UP, whole, "A", null, silent), row("E", PeerState.UP, whole, "A", null, silent));

        String text = ViewsReport.of(rows, Mode.COORDINATOR, Style.PLAIN).render(Format.text);

        assertThat(text).contains("A (unreachable 4.2 s)");
        assertThat(text).contains("one leader: A (A,C,D,E)");
        assertThat(text).endsWith("D,E still name A leader but cannot hear it: the view lies");
    }

    @Test
    void raftModeShowsTermsAndLeaderlessSidesSayWhy() {
        ViewInfo left = new ViewInfo("A", 5, List.of("A", "B"));
        String why = "no majority: 2 of 5 voting members";
        List<PeerRow> rows = List.of(row("A", PeerState.UP, left, null, why, null), row("B", PeerState.UP, left, null, why, null));

        String text = ViewsReport.of(rows, Mode.RAFT, Style.PLAIN).render(Format.text);

        assertThat(text).contains("TERM").contains("none").endsWith("no leader on A,B: " + why);
    }
}
