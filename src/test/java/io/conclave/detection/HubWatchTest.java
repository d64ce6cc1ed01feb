package io.conclave.detection;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** FD_HUB's rules on a fake clock (milliseconds as the nanos' unit here): who watches whom, and who is suspected. */
class HubWatchTest {

    private static final long TIMEOUT = 600;
    private static final List<String> VIEW = List.of("A", "B", "C", "D", "E");

    private static HubWatch<String> watch(String self) {
        HubWatch<String> watch = new HubWatch<>(self, TIMEOUT);
        watch.viewInstalled(VIEW, 0);
        return watch;
    }

    /** A multicast heartbeat from {@code member} arrives at {@code watch}, as FD_HUB reports one: heard, and sent to all. */
    private static void multicast(HubWatch<String> watch, String member, long at) {
        watch.heard(member, at);
        watch.multicastHeartbeatHeard(member, at);
    }

    @Test
    void theCoordinatorWatchesEveryMemberAndEachMemberOnlyTheCoordinator() {
        HubWatch<String> a = watch("A"), c = watch("C");
        assertThat(a.heartbeatTarget(0)).as("the coordinator's heartbeat goes to all").isNull();
        assertThat(c.heartbeatTarget(0)).as("a member's to the coordinator").isEqualTo("A");
        for (String m : List.of("B", "D", "E")) {
            a.heard(m, 500);
        }
        assertThat(a.check(700)).as("C went silent").containsExactly("C");
        multicast(c, "A", 500);
        assertThat(c.check(700)).as("B, D and E are none of C's business while the coordinator is heard").isEmpty();
    }

    @Test
    void aMemberThatLosesTheCoordinatorSuspectsItThenWatchesEveryoneForAFullTimeout() {
        HubWatch<String> c = watch("C");
        assertThat(c.check(601)).containsExactly("A");
        assertThat(c.watchesAll()).isTrue();
        assertThat(c.heartbeatTarget(601)).as("it multicasts, so that the others on its side hear it").isNull();
        // D and E on C's side multicast too; B is on the coordinator's side and stays silent
        multicast(c, "D", 700);
        multicast(c, "E", 750);
        assertThat(c.check(1000)).as("B has had less than a timeout to be heard").containsExactly("A");
        multicast(c, "D", 1150);
        multicast(c, "E", 1150);
        assertThat(c.check(1202)).containsExactly("A", "B");
    }

    @Test
    void theCoordinatorHeardAgainEndsTheWatchingOfEveryone() {
        HubWatch<String> c = watch("C");
        c.check(601);
        c.heard("A", 650);
        assertThat(c.watchesAll()).isFalse();
        assertThat(c.heartbeatTarget(650)).isEqualTo("A");
        assertThat(c.check(1200)).as("only the coordinator is watched again, and it was heard at 650").isEmpty();
        assertThat(c.check(1251)).containsExactly("A");
    }

    @Test
    void aMulticastHeartbeatFromAMemberMakesTheOthersMulticastTooForATimeout() {
        HubWatch<String> b = watch("B");
        multicast(b, "A", 100);
        assertThat(b.heartbeatTarget(100)).as("the coordinator's own multicast changes nothing").isEqualTo("A");
        multicast(b, "C", 200);
        assertThat(b.heartbeatTarget(300)).as("C lost the coordinator: B lets C hear it").isNull();
        assertThat(b.heartbeatTarget(801)).isEqualTo("A");
        assertThat(b.watchesAll()).as("sending to all is not watching all").isFalse();
    }

    @Test
    void aNewViewKeepsWhenContinuouslyWatchedMembersWereHeardAndGivesTheRestAFullTimeout() {
        HubWatch<String> a = watch("A"), b = watch("B");
        a.heard("B", 200);
        a.viewInstalled(List.of("A", "B", "C", "D", "E", "F"), 500);
        assertThat(a.check(701)).as("C, D, E unheard since the first view at 0; F new at 500")
                .containsExactly("C", "D", "E");

        // A leaves: B becomes coordinator and starts watching C, D, E, which it never had to hear before
        b.heard("A", 100);
        b.viewInstalled(List.of("B", "C", "D", "E"), 500);
        assertThat(b.heartbeatTarget(500)).isNull();
        assertThat(b.check(1000)).isEmpty();
        assertThat(b.check(1101)).containsExactly("C", "D", "E");
    }

    @Test
    void aPeerAloneWatchesNoOne() {
        HubWatch<String> a = new HubWatch<>("A", TIMEOUT);
        a.viewInstalled(List.of("A"), 0);
        assertThat(a.check(10_000)).isEmpty();
    }
}
