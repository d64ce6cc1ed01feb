package io.conclave.lab;

import io.conclave.stack.StackParser;
import io.conclave.stack.StackSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The idle load of many peers in one process, read from the stack file, and when it is worth a warning. */
class InProcessLoadTest {

    @Test
    void theBundledUdpStackGrowsWithTheSquareOfThePeersAndOneHundredDoNotFitOnTwoCores() {
        InProcessLoad fifty = InProcessLoad.of(StackSource.load("udp"), 50).orElseThrow();
        InProcessLoad hundred = InProcessLoad.of(StackSource.load("udp"), 100).orElseThrow();
        // FD_ALL3 every 150 ms and MERGE3's INFO about once a second, from each peer to each of the others
        assertThat(hundred.heartbeatMs()).isEqualTo(150);
        assertThat(hundred.infoMs()).isEqualTo(1000);
        assertThat(hundred.messagesPerSecond()).isCloseTo((1000.0 / 150 + 1) * 100 * 99, org.assertj.core.data.Offset.offset(1.0));
        assertThat(hundred.messagesPerSecond() / fifty.messagesPerSecond()).isCloseTo(9900.0 / 2450, org.assertj.core.data.Offset.offset(0.01));

        assertThat(fifty.warning(2)).as("50 peers fit on two cores").isEmpty();
        assertThat(hundred.warning(2)).hasValueSatisfying(w -> assertThat(w)
                .startsWith("warning: 100 peers in one process receive about 75,900 messages a second")
                .contains("heartbeats every 150 ms and MERGE3 INFO about every 1000 ms from each peer").contains("this machine has 2"));
        assertThat(hundred.warning(16)).as("on sixteen cores they fit").isEmpty();
    }

    @Test
    void aStackWithoutAnAllToAllDetectorOrWithAPlaceholderIntervalIsNotEstimated() {
        assertThat(InProcessLoad.of(StackParser.parse("s.xml", "<config><UDP/><FD_SOCK2/><pbcast.GMS/></config>"), 100)).isEmpty();
        assertThat(InProcessLoad.of(StackParser.parse("s.xml",
                "<config><UDP/><FD_ALL3 interval=\"${hb:1s}\"/><pbcast.GMS/></config>"), 100)).isEmpty();
        InProcessLoad defaults = InProcessLoad.of(StackParser.parse("s.xml", "<config><UDP/><FD_ALL3/><pbcast.GMS/></config>"), 10)
                .orElseThrow();
        assertThat(defaults.heartbeatMs()).as("JGroups' default").isEqualTo(8000);
        assertThat(defaults.infoMs()).as("no MERGE3").isZero();
    }
}
