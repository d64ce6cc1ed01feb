package io.conclave.demo.embedded;

import io.conclave.Conclave;
import io.conclave.election.ConclaveException;
import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionListener;
import io.conclave.election.Peer;
import io.conclave.election.PeerConfig;
import io.conclave.election.Tenure;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Path;

/**
 * A service that does its work only while its peer leads, and stamps every unit of work with the fencing token
 * of that leadership, so whatever receives the work can refuse a unit from an older leader.
 * Usage: {@code NAME CLUSTER STACK DATA_DIR}, e.g. {@code A orders quorum-udp /tmp/orders/A}.
 */
public final class LeaderOnlyService {

    private static final Logger LOG = LogManager.getLogger(LeaderOnlyService.class);

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: leader-only-service NAME CLUSTER STACK DATA_DIR");
            System.exit(2);
        }
        PeerConfig config = PeerConfig.builder().name(args[0]).cluster(args[1]).stack(args[2])
                .dataDir(Path.of(args[3])).build();
        Peer peer;
        try {
            peer = Conclave.join(config, new ElectionListener() {
                @Override
                public void onLeaderChanged(ElectionEvent.LeaderChanged event) {
                    if (event.newLeader() == null) {
                        LOG.info("no leader (epoch {}): {}", event.epoch(), event.reason());
                    } else {
                        LOG.info("leader is now {} (epoch {})", event.newLeader(), event.epoch());
                    }
                }
            });
        } catch (ConclaveException e) {
            System.err.println("leader-only-service: " + e.getMessage());
            System.exit(2);
            return;
        }
        AutoCloseable work = peer.whileLeading(LeaderOnlyService::work);
        // Runs until stopped: SIGTERM or Ctrl-C stops the work, then leaves the cluster, so a new leader is agreed at once.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                work.close();
            } catch (Exception e) {
                LOG.warn("stopping the work failed", e);
            }
            peer.close();
            LogManager.shutdown(); // log4j's own hook is off (log4j2.xml), so the leave above is still logged
        }));
        Thread.currentThread().join();
    }

    /** Runs once per leadership: until it ends (or its lease is about to), one unit of work every half second. */
    private static void work(Tenure tenure) {
        LOG.info("leading with fencing token {}", tenure.epoch());
        try {
            for (long unit = 1; tenure.active(); unit++) {
                LOG.info("work unit {} stamped with fencing token {}", unit, tenure.epoch());
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            // How the peer tells the work to stop at once: leadership ended, is about to, or the service stops.
        }
        LOG.info("stopped leading (fencing token {})", tenure.epoch());
    }
}
