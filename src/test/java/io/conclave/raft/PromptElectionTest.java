package io.conclave.raft;

import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.protocols.raft.ELECTION2;
import org.jgroups.protocols.raft.InMemoryLog;
import org.jgroups.protocols.raft.NO_DUPES;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.election.BaseElection;
import org.jgroups.protocols.raft.election.PreVoteResponse;
import org.jgroups.stack.Protocol;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.MessageBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import static io.conclave.support.TestCluster.GENEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PROMPT_ELECTION on real JGroups channels and real jgroups-raft (in-memory logs, an in-process transport, and no
 * Conclave elector, so no fallback vote of ours hides what the election protocol does).
 */
class PromptElectionTest {

    private static final List<String> MEMBERS = List.of("A", "B", "C");

    private final String cluster = "prompt-" + UUID.randomUUID();
    private final List<JChannel> channels = new ArrayList<>();

    @AfterEach
    void closeAll() {
        List<JChannel> open = new ArrayList<>(channels);
        Collections.reverse(open);
        open.forEach(JChannel::close);
    }

    @Test
    void aViewThatLostTheLeaderElectsANewOneWithoutThePreVote() throws Exception {
        for (String name : MEMBERS) {
            channels.add(start(name, PROMPT_ELECTION::new));
        }
        Address leader = awaitOneLeader(channels);
        long term = raft(channels.get(0)).currentTerm();
        JChannel gone = channels.stream().filter(c -> c.getAddress().equals(leader)).findFirst().orElseThrow();
        List<JChannel> survivors = channels.stream().filter(c -> c != gone).toList();
        // no pre-vote can finish from now on: with raft.ELECTION2 the survivors would stay without a leader
        for (JChannel survivor : survivors) {
            ProtocolStack stack = survivor.getProtocolStack();
            BaseElection election = stack.findProtocol(BaseElection.class);
            stack.insertProtocolInStack(new DropPreVoteAnswers(election.getId()), election, ProtocolStack.Position.BELOW);
        }

        gone.close();
        channels.remove(gone);

        Address next = awaitOneLeader(survivors);
        assertThat(next).isNotEqualTo(leader);
        assertThat(raft(survivors.get(0)).currentTerm()).isGreaterThan(term);
    }

    @Test
    void aCoordinatorLeftWithoutAMajorityDoesNotVote() throws Exception {
        List<String> five = List.of("A", "B", "C", "D", "E");
        for (String name : five) {
            channels.add(start(name, five, PROMPT_ELECTION::new));
        }
        awaitOneLeader(channels);
        JChannel alone = channels.stream().filter(c -> !c.getAddress().equals(raft(c).leader())).findFirst().orElseThrow();
        JChannel last = channels.stream().filter(c -> c != alone && c.getAddress().equals(raft(c).leader())).findFirst().orElseThrow();
        for (JChannel other : List.copyOf(channels)) {
            if (other != alone && other != last) {
                other.close();
                channels.remove(other);
            }
        }
        await().atMost(GENEROUS).until(() -> alone.getView().size() == 2);
        // a minority view clears the leader; an append of the leader's term names it again (seen in
        // RaftRandomPartitionTest: a leader on the small side of a cut still sending to the member with it)
        raft(alone).setLeaderAndTerm(last.getAddress(), raft(alone).currentTerm());
        long term = raft(alone).currentTerm();

        last.close();
        channels.remove(last);
        await().atMost(GENEROUS).until(() -> alone.getView().size() == 1);

        // with no majority in view the vote could never end: each round would start the next term at once
        BaseElection election = alone.getProtocolStack().findProtocol(BaseElection.class);
        assertThat(election.isVotingThreadRunning()).isFalse();
        assertThat(raft(alone).currentTerm()).isEqualTo(term);
    }

    @Test
    void peersWithRaftElection2VoteWithItsPeers() throws Exception {
        // the coordinator, which runs the votes, has the subclass; the others jgroups-raft's own protocol
        channels.add(start("A", PROMPT_ELECTION::new));
        channels.add(start("B", ELECTION2::new));
        channels.add(start("C", ELECTION2::new));
        Address leader = awaitOneLeader(channels);

        JChannel gone = channels.stream().filter(c -> c.getAddress().equals(leader)).findFirst().orElseThrow();
        gone.close();
        channels.remove(gone);

        assertThat(awaitOneLeader(channels)).isNotEqualTo(leader);
    }

    private JChannel start(String name, Supplier<? extends BaseElection> election) throws Exception {
        return start(name, MEMBERS, election);
    }

    private JChannel start(String name, List<String> members, Supplier<? extends BaseElection> election) throws Exception {
        GMS gms = new GMS();
        gms.setJoinTimeout(500);
        gms.printLocalAddress(false);
        RAFT raft = new RAFT().raftId(name).members(members).logClass(InMemoryLog.class.getName())
                .logPrefix(cluster + "-" + name);
        JChannel channel = new JChannel(new SHARED_LOOPBACK(), new SHARED_LOOPBACK_PING(), new NAKACK2(), new UNICAST3(),
                new STABLE(), new NO_DUPES(), gms, election.get(), raft);
        channel.name(name);
        channel.connect(cluster);
        return channel;
    }

    private static Address awaitOneLeader(List<JChannel> group) {
        return await().atMost(GENEROUS).until(() -> {
            List<Address> named = group.stream().map(c -> raft(c).leader()).distinct().toList();
            boolean oneView = group.stream().allMatch(c -> c.getView().size() == group.size());
            boolean amongThem = group.stream().anyMatch(c -> c.getAddress().equals(named.get(0)));
            return oneView && named.size() == 1 && amongThem ? named.get(0) : null;
        }, Objects::nonNull);
    }

    private static RAFT raft(JChannel channel) {
        return channel.getProtocolStack().findProtocol(RAFT.class);
    }

    /** Drops the answers to pre-votes on their way up to the election protocol. */
    private static final class DropPreVoteAnswers extends Protocol {
        private final short electionId;

        DropPreVoteAnswers(short electionId) {
            this.electionId = electionId;
        }

        @Override
        public Object up(Message msg) {
            return msg.getHeader(electionId) instanceof PreVoteResponse ? null : up_prot.up(msg);
        }

        @Override
        public void up(MessageBatch batch) {
            batch.removeIf(msg -> msg.getHeader(electionId) instanceof PreVoteResponse, false);
            if (!batch.isEmpty()) {
                up_prot.up(batch);
            }
        }
    }
}
