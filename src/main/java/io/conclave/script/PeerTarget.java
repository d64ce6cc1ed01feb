package io.conclave.script;

import io.conclave.election.ConclaveException;
import io.conclave.election.Peer;
import io.conclave.fault.FAULTS;

import java.time.Instant;
import java.util.List;

/** The script target of {@code conclave peer --script}: the one local peer. */
public final class PeerTarget implements ScriptTarget {

    private final Peer peer;
    private final Instant started = Instant.now();

    public PeerTarget(Peer peer) {
        this.peer = peer;
    }

    @Override
    public List<Peer> live() {
        return List.of(peer);
    }

    @Override
    public Peer live(String name) {
        if (!name.equals(peer.name())) {
            throw new ConclaveException("this script drives peer " + peer.name() + " and cannot see " + name
                    + "; run the check on " + name + ", or use 'conclave lab'");
        }
        return peer;
    }

    /** The last cut or heal this peer applied (from any peer), or when the script started. */
    @Override
    public Instant lastFault() {
        Instant cut = FAULTS.of(peer).map(FAULTS::changedAt).orElse(Instant.EPOCH);
        return cut.isAfter(started) ? cut : started;
    }
}
