package io.conclave.raft;

import io.conclave.election.ConclaveException;
import io.conclave.election.PeerNames;
import io.conclave.election.RaftControl;
import io.conclave.election.RaftStatus;
import io.conclave.election.PeerNames;
import io.conclave.election.Role;
import io.conclave.poll.Poll;
import org.jgroups.protocols.raft.DynamicMembership;
import org.jgroups.protocols.raft.RAFT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** Status and voting-membership changes of one raft-mode peer. */
final class RaftNode implements RaftControl {

    private static final Duration APPLY_POLL = Duration.ofMillis(20);

    private final RAFT raft;
    private final DynamicMembership membership;
    private final RaftCalls calls;
    private final Supplier<RaftRule.Decision> decision;

    /**
     * @param membership the top-most protocol that changes members (raft.REDIRECT forwards to the leader)
     * @param decision   this peer's current view of leadership
     */
    RaftNode(RAFT raft, DynamicMembership membership, RaftCalls calls, Supplier<RaftRule.Decision> decision) {
        this.raft = raft;
        this.membership = membership;
        this.calls = calls;
        this.decision = decision;
    }

    @Override
    public RaftStatus status() {
        RaftRule.Decision now = decision.get();
        List<String> voters = sorted(raft.members());
        // jgroups-raft applies an entry to the state machine when it commits it, so the commit index is
        // also the last applied index (RaftHandle.lastApplied() returns the last appended one instead)
        long commitIndex = raft.commitIndex();
        return new RaftStatus(Role.valueOf(raft.role().toUpperCase(Locale.ROOT)), raft.currentTerm(), now.leader(), commitIndex,
                commitIndex, raft.lastAppended(), raft.logSize(), voters, raft.majority(), now.reachable());
    }

    @Override
    public List<String> addVotingMember(String name, Duration timeout) {
        requireName(name, "raft add");
        List<String> voters = raft.members();
        if (voters.contains(name)) {
            throw new ConclaveException("raft add " + name + ": " + name + " is already a voting member (voting members: "
                    + String.join(",", sorted(voters)) + ")");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        calls.call("raft add " + name, true, timeout, () -> membership.addServer(name));
        awaitApplied(() -> raft.members().contains(name), deadline);
        voters.add(name);
        return sorted(voters);
    }

    @Override
    public List<String> removeVotingMember(String name, Duration timeout) {
        requireName(name, "raft remove");
        List<String> voters = raft.members();
        if (!voters.contains(name)) {
            throw new ConclaveException("raft remove " + name + ": " + name + " is not a voting member (voting members: "
                    + String.join(",", sorted(voters)) + ")");
        }
        if (voters.size() == 1) {
            throw new ConclaveException("raft remove " + name + ": " + name
                    + " is the only voting member; a cluster without voting members can never elect a leader");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        calls.call("raft remove " + name, true, timeout, () -> membership.removeServer(name));
        awaitApplied(() -> !raft.members().contains(name), deadline);
        voters.remove(name);
        return sorted(voters);
    }

    /**
     * The leader answers once it has committed the change; a follower applies it with the leader's next
     * message. Waiting for that here means the next 'raft' on this peer shows the change. Past the deadline
     * the change is still committed, only not yet visible here.
     */
    private static void awaitApplied(java.util.function.BooleanSupplier applied, long deadline) {
        try {
            Poll.until(applied, Duration.ofNanos(deadline - System.nanoTime()), APPLY_POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void requireName(String name, String command) {
        String problem = PeerNames.problemWith(name);
        if (problem != null) {
            throw new ConclaveException(command + ": invalid peer name '" + name + "': " + problem);
        }
    }

    private static List<String> sorted(List<String> names) {
        List<String> copy = new ArrayList<>(names);
        copy.sort(null);
        return copy;
    }
}
