package io.conclave.script;

import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionListener;
import io.conclave.election.Leadership;
import io.conclave.election.MemberInfo;
import io.conclave.election.Mode;
import io.conclave.election.Peer;
import io.conclave.election.StackInfo;
import io.conclave.election.ViewInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A peer whose beliefs a test sets, for exercising scripts without a network. */
final class StubPeer implements Peer {

    private final String name;
    private volatile Leadership leadership;
    private volatile ViewInfo view;

    StubPeer(String name, String leader, String... members) {
        this.name = name;
        believe(leader, members);
    }

    void believe(String leader, String... members) {
        view = new ViewInfo(members.length == 0 ? name : members[0], 1, List.of(members));
        leadership = new Leadership(Mode.COORDINATOR, leader, 1, Instant.now(), leader == null ? "no quorum: 1 of 3 (2 needed)" : null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String cluster() {
        return "stub";
    }

    @Override
    public Mode mode() {
        return Mode.COORDINATOR;
    }

    @Override
    public Leadership leadership() {
        return leadership;
    }

    @Override
    public ViewInfo view() {
        return view;
    }

    @Override
    public List<MemberInfo> members() {
        return List.of();
    }

    @Override
    public Optional<String> awaitLeader(Duration timeout) {
        return leader();
    }

    @Override
    public void addListener(ElectionListener listener) {
    }

    @Override
    public void removeListener(ElectionListener listener) {
    }

    @Override
    public List<ElectionEvent> history() {
        return List.of();
    }

    @Override
    public List<ElectionEvent.Merged> merges() {
        return List.of();
    }

    @Override
    public StackInfo stack() {
        return new StackInfo("stub", "", Mode.COORDINATOR, List.of(), List.of());
    }

    @Override
    public void close() {
    }

    @Override
    public boolean awaitLeadership(java.time.Duration timeout) {
        return isLeader();
    }

    @Override
    public AutoCloseable whileLeading(io.conclave.election.LeaderWork work) {
        throw new UnsupportedOperationException("not used by the script tests");
    }
}
