package io.conclave.raft;

import io.conclave.spi.RuntimeProtocol;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

/**
 * Sits just below the election protocol (raft.ELECTION2) and signals after it has handled one of its
 * messages: a vote request moves the term, a "leader elected" message installs the leader. jgroups-raft
 * tells a peer only about its own role changes, so without this a follower would notice a new leader only
 * at the next poll. Inserted by the raft elector, not declared in stack files; it reads no message itself.
 */
final class ElectionWatch extends Protocol implements RuntimeProtocol {

    private final short electionId;
    private final Runnable onElectionMessage;

    ElectionWatch(short electionId, Runnable onElectionMessage) {
        this.electionId = electionId;
        this.onElectionMessage = onElectionMessage;
    }

    @Override
    public Object up(Message msg) {
        boolean election = msg.getHeader(electionId) != null;
        Object result = up_prot.up(msg);
        if (election) {
            onElectionMessage.run();
        }
        return result;
    }

    @Override
    public void up(MessageBatch batch) {
        boolean election = false;
        for (Message msg : batch) {
            if (msg.getHeader(electionId) != null) {
                election = true;
                break;
            }
        }
        up_prot.up(batch);
        if (election) {
            onElectionMessage.run();
        }
    }
}
