package io.conclave;

import io.conclave.admin.AdminServer;
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
     * use {@link Peer#awaitLeader}). With {@link PeerConfig#admin()} set, the peer also serves its admin
     * endpoint (health, readiness, leader, metrics, events over HTTP) until it closes. Listeners given here also see the events of joining (the first view
     * and leader), which a listener added after this returns would miss.
     *
     * @throws io.conclave.election.ConclaveException for a configuration problem the user can fix
     */
    public static Peer join(PeerConfig config, ElectionListener... listeners) {
        if (config.admin() == null) {
            return PeerRuntime.start(config, Electors::forStack, listeners);
        }
        AdminServer admin = AdminServer.bind(config);
        ElectionListener[] all = new ElectionListener[listeners.length + 1];
        all[0] = admin.listener();
        System.arraycopy(listeners, 0, all, 1, listeners.length);
        Peer peer;
        try {
            peer = PeerRuntime.start(config, Electors::forStack, all);
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
        try {
            admin.attach(peer);
            return peer;
        } catch (RuntimeException e) {
            peer.close();
            throw e;
        }
    }
}
