package io.conclave.raft;

import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.ObjectMessage;
import org.jgroups.View;
import org.jgroups.protocols.raft.AppendEntriesRequest;
import org.jgroups.protocols.raft.AppendEntriesResponse;
import org.jgroups.protocols.raft.FileBasedLog;
import org.jgroups.protocols.raft.InMemoryLog;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.raft.testfwk.RaftCluster;
import org.jgroups.raft.testfwk.RaftNode;
import org.jgroups.stack.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.conclave.raft.FileLogCases.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pins four safety bugs of jgroups-raft 1.1.4 by driving real RAFT protocols with jgroups-raft's own test
 * network (no JGroups channel), or its file log directly, so each test fails the day the bug is fixed; then drop
 * the test and the workaround it names.
 * <p>
 * 1. Diverging follower, which {@link RaftRandomPartitionTest} ran into now and then before {@link FollowerAppendCheck}: a follower that still holds entries of an old term (typically a leader deposed by a partition, which appended
 * writes it could not commit) keeps them when a new leader's AppendEntries batch starts with an entry it
 * already has, and then commits them up to the leader's commit index. Its copy of the store now differs from
 * everyone else's at a committed index, and it can never catch up ("cannot delete entries <= N as
 * commit_index is higher").
 * <p>
 * The cause is in {@code RaftImpl.handleAppendEntriesRequest}: {@code RAFT.append} refuses a batch whose first
 * index is not beyond the follower's last one, without comparing the rest of the batch, and the follower then
 * calls {@code commitLogTo(leader_commit)} and answers OK with its own last index anyway. Raft's rules are to
 * delete the conflicting suffix, append the leader's entries, and commit at most to the last entry verified.
 * The same happens with any commit message (an empty AppendEntries with prev index 0): the follower commits
 * its own stale entries up to the leader's commit index.
 * Workaround: {@link FollowerAppendCheck} replaces the follower's handling in every Conclave peer (tested here
 * with the same inputs), and {@link LogCheck} raises an alarm on a copy whose committed log differs anyway.
 * <p>
 * 2. Reads that commit: a leader that handles a batch of read-only requests ({@code getAsync}) without writes
 * calls {@code commitLogTo(last_appended + 1)}: it applies and commits every entry of its log, acknowledged
 * by a majority or not, and completes their writers' futures. A leader cut off from everyone acknowledges a
 * write that nobody else holds, and answers the "linearizable" read too. Workaround: {@link RaftStore} sends
 * reads through the log ({@code setAsync}) and never calls {@code getAsync}.
 * <p>
 * 3. A term on disk that goes back: {@code FileBasedLog.append} writes the highest term of the appended entries
 * as the current term, so a follower that voted in term 7 and then catches up on entries of term 6 has term 6
 * on disk (and installing a snapshot writes the term of its last entry). Restarted, it can vote a second time in
 * term 7, and two leaders can then share that term.
 * <p>
 * 4. Votes written concurrently: jgroups-raft writes the vote through one buffer shared by all threads, and its
 * message threads can handle two vote requests at once; one of them then fails (or writes a mangled address).
 * Workaround for 3 and 4 (and for the vote never being forced to disk): {@link DurableVoteLog}, tested with the
 * same inputs (FileLogCases) in DurableVoteLogTest.
 */
class JgroupsRaftKnownBugsTest {

    private final RaftCluster network = new RaftCluster();
    private final List<AppendEntriesResponse> answers = new ArrayList<>();
    private final Address oldLeader = address("L");
    private final Address newLeader = address("M");
    private final Address followerAddress = address("F");
    private final KeyValueStateMachine store = new KeyValueStateMachine();
    private final String logName = "known-bugs-" + UUID.randomUUID();
    private final List<RaftNode> started = new ArrayList<>();
    private RaftNode follower;

    @AfterEach
    void stop() {
        for (RaftNode node : started) {
            node.stop();
            node.destroy();
        }
        InMemoryLog.logs.keySet().removeIf(name -> name.contains(logName));
    }

    @Test
    void aFollowerCommitsItsOwnStaleEntryWhenTheNewLeadersBatchStartsWithAnEntryItHas() throws Exception {
        RAFT raft = startFollower();

        // term 1: leader L replicates three writes but has only the first committed when it is cut off
        deliver(oldLeader, 1, 0, 0, 1, entry(1, "a", "1"), entry(1, "b", "2"), entry(1, "x", "stale"));
        assertThat(raft.commitIndex()).isEqualTo(1);
        assertThat(raft.lastAppended()).isEqualTo(3);

        // term 2: leader M holds [a (t1), b (t1), x=fresh (t2)] and has all three committed; it resends from index 2
        deliver(newLeader, 2, 1, 1, 3, entry(1, "b", "2"), entry(2, "x", "fresh"));

        // Raft: F replaces its entry 3 by M's and applies x=fresh. jgroups-raft 1.1.4: F applies its own x=stale
        assertThat(raft.commitIndex()).isEqualTo(3);
        assertThat(raft.log().get(3).term()).as("term of F's committed entry 3 (M's is 2)").isEqualTo(1);
        assertThat(store.localValue("x")).isEqualTo("stale");
        // and tells M it holds M's entries up to 3, so M counts F towards a majority for an entry F lacks
        assertThat(answers).last().asString().contains("result: true, index=3");
    }

    @Test
    void conclavesFollowerReplacesTheStaleEntryInstead() throws Exception {
        RAFT raft = startFollower();
        FollowerAppendCheck.install(raft);
        assertThat(raft.role()).isEqualTo("Follower");
        deliver(oldLeader, 1, 0, 0, 1, entry(1, "a", "1"), entry(1, "b", "2"), entry(1, "x", "stale"));

        deliver(newLeader, 2, 1, 1, 3, entry(1, "b", "2"), entry(2, "x", "fresh"));

        assertThat(raft.commitIndex()).isEqualTo(3);
        assertThat(raft.log().get(3).term()).isEqualTo(2);
        assertThat(store.localValue("x")).isEqualTo("fresh");
        assertThat(answers).last().asString().contains("result: true, index=3");
    }

    @Test
    void aCommitMessageMakesAFollowerCommitItsOwnStaleEntries() throws Exception {
        RAFT raft = startFollower();
        deliver(oldLeader, 1, 0, 0, 1, entry(1, "a", "1"), entry(1, "x", "stale"));

        // term 2: leader M (which never got entry 2) commits entries of its own up to 3 and tells everyone
        deliverCommit(newLeader, 2, 3);

        assertThat(raft.commitIndex()).as("jgroups-raft 1.1.4 commits its own entry 2 of term 1").isEqualTo(2);
        assertThat(store.localValue("x")).isEqualTo("stale");
    }

    @Test
    void conclavesFollowerCommitsOnlyWhatTheLeaderVouchedFor() throws Exception {
        RAFT raft = startFollower();
        FollowerAppendCheck.install(raft);
        deliver(oldLeader, 1, 0, 0, 1, entry(1, "a", "1"), entry(1, "x", "stale"));

        deliverCommit(newLeader, 2, 3);
        assertThat(raft.commitIndex()).isEqualTo(1);
        assertThat(answers).last().asString().contains("result: true, index=1");

        // the leader then sends its entries from index 2: the stale one is replaced and all three commit
        deliver(newLeader, 2, 1, 1, 3, entry(2, "x", "fresh"), entry(2, "y", "new"));
        assertThat(raft.commitIndex()).isEqualTo(3);
        assertThat(store.localValue("x")).isEqualTo("fresh");
        assertThat(answers).last().asString().contains("result: true, index=3");
    }

    private RAFT startFollower() throws Exception {
        RAFT raft = new RAFT().raftId("F").members(List.of("L", "F", "M")).logClass(InMemoryLog.class.getName())
                .logPrefix(logName).stateMachine(store).synchronous(true);
        raft.setAddress(followerAddress);
        follower = new RaftNode(network, raft);
        network.add(followerAddress, follower);
        network.add(oldLeader, sink());
        network.add(newLeader, sink());
        follower.init();
        network.handleView(View.create(oldLeader, 1, oldLeader, followerAddress, newLeader));
        follower.start();
        started.add(follower);
        return raft;
    }

    private void deliverCommit(Address leader, long term, long leaderCommit) {
        Message commit = new ObjectMessage(followerAddress, null).setSrc(leader)
                .putHeader(follower.raft().getId(), new AppendEntriesRequest(leader, term, 0, 0, term, leaderCommit));
        follower.up(commit);
    }

    @Test
    void aReadOnALeaderThatReachesNobodyAcknowledgesAWriteNobodyElseHolds() throws Exception {
        KeyValueStateMachine leaderCopy = new KeyValueStateMachine();
        RAFT leader = new RAFT().raftId("L").members(List.of("L", "F", "M")).logClass(InMemoryLog.class.getName())
                .logPrefix(logName + "-L").stateMachine(leaderCopy); // asynchronous, as in a real stack
        leader.setAddress(oldLeader);
        RaftNode node = new RaftNode(network, leader);
        network.add(oldLeader, node);
        network.add(followerAddress, sink());
        network.add(newLeader, sink());
        node.init();
        network.handleView(View.create(oldLeader, 1, oldLeader, followerAddress, newLeader));
        node.start();
        started.add(node);
        leader.setLeaderAndTerm(oldLeader, 1);
        // the two followers are cut off: nothing the leader sends reaches them
        network.dropTrafficTo(followerAddress).dropTrafficTo(newLeader);

        byte[] put = StoreCommand.put("x", "1").encode();
        CompletableFuture<byte[]> write = leader.setAsync(put, 0, put.length, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> leader.lastAppended() == 1);
        assertThat(write).as("no follower has the entry").isNotDone();

        byte[] get = StoreCommand.get("x").encode();
        CompletableFuture<byte[]> read = leader.getAsync(get, 0, get.length, null);

        // Raft: both wait for a majority that never answers. jgroups-raft 1.1.4: both complete at once
        assertThat(write.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(StoreResponse.decode(StoreCommand.Op.GET, read.get(10, TimeUnit.SECONDS)).value()).isEqualTo("1");
        assertThat(leader.commitIndex()).isEqualTo(1);
        assertThat(answers).isEmpty();
    }

    private void deliver(Address leader, long term, long prevIndex, long prevTerm, long leaderCommit, LogEntry... entries) {
        Message append = new ObjectMessage(followerAddress, LogEntries.create(entries)).setSrc(leader)
                .putHeader(follower.raft().getId(),
                        new AppendEntriesRequest(leader, term, prevIndex, prevTerm, entries[0].term(), leaderCommit));
        follower.up(append);
    }

    private static LogEntry entry(long term, String key, String value) {
        return new LogEntry(term, StoreCommand.put(key, value).encode());
    }

    /** A node that only collects what the follower answers. */
    private RaftNode sink() {
        return new RaftNode(network, new Protocol[]{new Protocol() {
            @Override
            public Object up(Message msg) {
                for (var header : msg.getHeaders().values()) {
                    if (header instanceof AppendEntriesResponse response) {
                        answers.add(response);
                    }
                }
                return null;
            }
        }});
    }

    @Test
    void theFileLogLowersTheTermOnDiskWhenItAppendsEntriesOfAnOlderTerm(@TempDir Path data) throws Exception {
        assertThat(FileLogCases.onDiskAfter(new FileBasedLog(), data.resolve("A.log"), FileLogCases::catchUpInAnOlderTerm).term())
                .as("voted in term 7, on disk after the append").isEqualTo(6);
    }

    @Test
    void theFileLogLowersTheTermOnDiskWhenItInstallsASnapshotOfAnOlderTerm(@TempDir Path data) throws Exception {
        assertThat(FileLogCases.onDiskAfter(new FileBasedLog(), data.resolve("A.log"), FileLogCases::installAnOlderSnapshot).term())
                .as("in term 7, on disk after the snapshot").isEqualTo(6);
    }

    @Test
    void theFileLogFailsConcurrentVotes(@TempDir Path data) throws Exception {
        List<Throwable> failures = new ArrayList<>();
        FileLogCases.onDiskAfter(new FileBasedLog(), data.resolve("A.log"), log -> failures.addAll(FileLogCases.voteConcurrently(log)));
        assertThat(failures).isNotEmpty();
    }
}
