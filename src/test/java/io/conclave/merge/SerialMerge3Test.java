package io.conclave.merge;

import io.conclave.election.Peer;
import io.conclave.support.TestCluster;
import org.jgroups.JChannel;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SERIAL_MERGE3 runs one view consistency check at a time, its periodic ones and EAGER_MERGE's alike, where
 * JGroups' MERGE3 runs them side by side; and peers with either protocol still merge with each other.
 */
class SerialMerge3Test {

    @TempDir
    Path data;

    @Test
    void merge3RunsChecksSideBySide() throws Exception {
        InFlight inFlight = new InFlight();
        assertThat(maxChecksAtOnce(new CountedMerge3(inFlight), inFlight)).isGreaterThan(1);
    }

    @Test
    void serialMerge3RunsOneCheckAtATime() throws Exception {
        InFlight inFlight = new InFlight();
        assertThat(maxChecksAtOnce(new CountedSerialMerge3(inFlight), inFlight)).isEqualTo(1);
    }

    @Test
    void peersWithMerge3AndWithSerialMerge3MergeAfterAHeal() throws Exception {
        String udp = Files.readString(Path.of("stacks/udp.xml"));
        assertThat(udp).contains("<io.conclave.merge.SERIAL_MERGE3 ");
        Path plain = Files.writeString(data.resolve("plain-merge3-udp.xml"),
                udp.replace("<io.conclave.merge.SERIAL_MERGE3 ", "<MERGE3 "));
        try (TestCluster cluster = new TestCluster("udp", data)) {
            cluster.start("A", "B");
            cluster.start(cluster.config("C").toBuilder().stack(plain.toString()).build());
            cluster.awaitOneLeader();

            cluster.partition(List.of("A", "B"), List.of("C"));
            await().atMost(GENEROUS).until(() -> cluster.peer("C").view().size() == 1
                    && cluster.peer("A").view().size() == 2 && cluster.peer("B").view().size() == 2);
            cluster.heal();
            for (Peer peer : cluster.live()) {
                await().atMost(GENEROUS).until(() -> peer.view().size() == 3);
            }
            assertThat(cluster.awaitOneLeader()).isNotNull();
        }
    }

    /**
     * Runs {@code merge3} alone in a channel, its own check every 50 ms, while two threads start checks as
     * EAGER_MERGE does; each check lasts 20 ms. The most that were running at one moment.
     */
    private static int maxChecksAtOnce(MERGE3 merge3, InFlight inFlight) throws Exception {
        merge3.setMinInterval(10).setMaxInterval(30).setCheckInterval(50);
        try (JChannel channel = new JChannel(new SHARED_LOOPBACK(), new SHARED_LOOPBACK_PING(), merge3,
                new NAKACK2(), new UNICAST3(), new GMS().printLocalAddress(false))) {
            channel.connect("serial-merge3-" + UUID.randomUUID());
            List<Thread> eager = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                eager.add(new Thread(() -> {
                    for (int n = 0; n < 25; n++) {
                        merge3.checkInconsistencies();
                    }
                }));
            }
            eager.forEach(Thread::start);
            for (Thread t : eager) {
                t.join();
            }
            assertThat(inFlight.checks.get()).as("checks run, the periodic ones included").isGreaterThan(50);
            return inFlight.max.get();
        }
    }

    /** Counts the checks running at once; each holds on for 20 ms, so that overlaps cannot be missed. */
    private static final class InFlight {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();
        final AtomicInteger checks = new AtomicInteger();

        boolean during(BooleanSupplier check) {
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
            checks.incrementAndGet();
            try {
                Thread.sleep(20);
                return check.getAsBoolean();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // a periodic check cancelled as the channel closes
                return false;
            } finally {
                now.decrementAndGet();
            }
        }
    }

    private static final class CountedMerge3 extends MERGE3 {
        private final InFlight inFlight;

        CountedMerge3(InFlight inFlight) {
            this.inFlight = inFlight;
            setId(ClassConfigurator.getProtocolId(MERGE3.class));
        }

        @Override
        protected boolean differentViewIds() {
            return inFlight.during(super::differentViewIds);
        }
    }

    private static final class CountedSerialMerge3 extends SERIAL_MERGE3 {
        private final InFlight inFlight;

        CountedSerialMerge3(InFlight inFlight) {
            this.inFlight = inFlight;
        }

        @Override
        protected boolean differentViewIds() {
            return inFlight.during(super::differentViewIds);
        }
    }
}
