package io.conclave;

import io.conclave.election.ElectionListener;
import io.conclave.election.Peer;
import io.conclave.election.PeerConfig;
import io.conclave.peer.PeerRuntime;

/** Entry point of the embedding API. */
public final class Conclave {

    private Conclave() {
    }

    /**
     * Starts a peer and joins its cluster; returns once this peer has a view (it may not see a leader yet:
     * use {@link Peer#awaitLeader}). Listeners given here also see the events of joining (the first view
     * and leader), which a listener added after this returns would miss.
     *
     * @throws io.conclave.election.ConclaveException for a configuration problem the user can fix
     */
    public static Peer join(PeerConfig config, ElectionListener... listeners) {
        return PeerRuntime.start(config, listeners);
    }
}
