package io.conclave.bench;

import io.conclave.agreement.PeerSnapshot;
import io.conclave.election.ElectionEvent;
import io.conclave.election.Peer;
import io.conclave.lab.LabNames;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cold start: N peers in this process start at once; time until all of them are in one view and name one
 * leader, from their own event time stamps.
 */
final class ElectionBench implements TrialRunner {

    private final int peers;

    ElectionBench(int peers) {
        this.peers = peers;
    }

    @Override
    public String describe() {
        return "election: cold start of " + peers + " peers to one agreed leader";
    }

    @Override
    public Trial run(String stack) {
        Sandbox sandbox = Sandbox.create();
        List<String> names = LabNames.first(peers);
        List<Peer> started = new ArrayList<>();
        try {
            Instant start = Instant.now();
            InProcessLaunch.joinAll(stack, sandbox, names, started);
            BenchCluster.awaitAgreement(names, () -> PeerSnapshot.of(started));
            Instant agreed = started.stream().flatMap(p -> p.history().stream())
                    .filter(e -> e instanceof ElectionEvent.LeaderChanged || e instanceof ElectionEvent.ViewChanged)
                    .map(ElectionEvent::ts).max(Comparator.naturalOrder()).orElseThrow();
            return Trial.of(Duration.between(start, agreed).toNanos() / 1e6);
        } finally {
            TrialRecords.write(sandbox.cluster(), stack, names, started.stream().flatMap(p -> p.history().stream())
                    .map(io.conclave.shell.EventFormat::fields).toList());
            started.parallelStream().forEach(Peer::close);
            sandbox.close();
        }
    }
}
