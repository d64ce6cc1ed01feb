package io.conclave.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatGapsTest {

    @Test
    void theSampleBeforeEachDropInSilenceIsAGap() {
        HeartbeatGaps gaps = new HeartbeatGaps();
        for (double silence : new double[]{10, 60, 110, 460, 5, 55, 480, 30, 80}) {
            gaps.sample("A", silence);
        }
        // 80 at the end: still silent, not yet a gap
        assertThat(gaps.gapsMillis()).containsExactly(460.0, 480.0);
    }

    @Test
    void aNewLeaderOrNoneStartsANewSeries() {
        HeartbeatGaps gaps = new HeartbeatGaps();
        gaps.sample("A", 900.0);
        gaps.sample("B", 20.0);   // B's silence says nothing about A's
        gaps.sample("B", 300.0);
        gaps.sample("B", null);   // this peer leads now, or sees no leader
        gaps.sample("B", 10.0);
        gaps.sample("B", 200.0);
        gaps.sample("B", 40.0);
        assertThat(gaps.gapsMillis()).containsExactly(200.0);
    }
}
