package io.conclave.scenario;

import io.conclave.coordinator.CoordinatorRule;
import io.conclave.election.Leadership;
import io.conclave.election.Mode;
import io.conclave.raft.RaftRule;

import java.util.List;

/**
 * Raft mode as one peer observes it, through {@link RaftRule} and into a {@link Leadership} as the raft elector
 * builds it (the epoch is the term):
 * <pre>
 * raft leader=B term=4 view=A,B,C voters=A,B,C     leader=- when jgroups-raft reports none; view=- before the
 *                                                   first view; a member of the view that is not a voter is a
 *                                                   learner; prints the leadership
 * </pre>
 */
final class RaftDriver implements Driver {

    private final FakeClock clock;

    RaftDriver(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public List<String> run(Command command) {
        if (!command.verb().equals("raft")) {
            throw new ScenarioException("unknown command " + command.verb() + " (raft: raft leader=... term=... view=... voters=...)");
        }
        String leader = command.option("leader");
        List<String> voters = command.namesOption("voters");
        RaftRule.Decision decision = RaftRule.decide(leader.equals("-") ? null : leader, command.namesOption("view"), voters,
                CoordinatorRule.majorityOf(voters.size()));
        long term = command.numberOption("term", 0);
        return List.of(LeadershipLine.of(new Leadership(Mode.RAFT, decision.leader(), term, clock.instant(), decision.reason())));
    }
}
