package io.conclave.election;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeadershipTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aLeadershipHasALeaderOrTheReasonThereIsNone() {
        assertThat(new Leadership(Mode.RAFT, "A", 3, T, null).token()).isEqualTo("3:A");
        assertThat(Leadership.none(Mode.RAFT, 3, T, "no majority").hasLeader()).isFalse();
    }

    @Test
    void bothOrNeitherIsRefused() {
        assertThatThrownBy(() -> new Leadership(Mode.COORDINATOR, "A", 1, T, "no quorum"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leader A and reason no quorum");
        assertThatThrownBy(() -> Leadership.none(Mode.COORDINATOR, 1, T, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
