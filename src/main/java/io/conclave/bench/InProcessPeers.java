package io.conclave.bench;

import io.conclave.election.Peer;

import java.util.List;
import java.util.Set;

/** Agreement among peers running in this process (the election and writes benches). */
final class InProcessPeers {

    private InProcessPeers() {
    }

    /** Waits until every peer has all of them in its view and they name one leader; returns it. */
    static String awaitAgreement(List<Peer> peers) {
        Set<String> names = Set.copyOf(peers.stream().map(Peer::name).toList());
        BenchCluster.until("agreement of " + names, () -> peers.stream().allMatch(p -> Set.copyOf(p.view().members()).equals(names))
                        && peers.stream().map(p -> p.leadership().leader()).distinct().count() == 1
                        && peers.get(0).leader().isPresent(),
                () -> "peers saw: " + peers.stream().map(p -> p.name() + " view=" + p.view().members()
                        + " leader=" + p.leadership().leader()).toList());
        return peers.get(0).leader().orElseThrow();
    }
}
