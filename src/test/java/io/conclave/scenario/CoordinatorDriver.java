package io.conclave.scenario;

import io.conclave.coordinator.CoordinatorRule;
import io.conclave.election.Leadership;
import io.conclave.election.Mode;
import io.conclave.election.ViewInfo;

import java.util.List;

/**
 * Coordinator mode, view by view, through {@link CoordinatorRule} and into a {@link Leadership} as the
 * coordinator elector builds it without a lease (the epoch is the view number):
 * <pre>
 * quorum 5              declare the cluster size (0: none); no output
 * view 3 A B C          install view number 3 with these members, in view order; prints the leadership
 * </pre>
 */
final class CoordinatorDriver implements Driver {

    private final FakeClock clock;
    private CoordinatorRule rule = new CoordinatorRule(0);

    CoordinatorDriver(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public List<String> run(Command command) {
        switch (command.verb()) {
            case "quorum" -> {
                rule = new CoordinatorRule((int) command.number(0, "the declared cluster size"));
                return List.of();
            }
            case "view" -> {
                long number = command.number(0, "the view number");
                List<String> members = command.words().subList(1, command.words().size());
                ViewInfo view = new ViewInfo(members.isEmpty() ? "" : members.get(0), number, members);
                CoordinatorRule.Decision decision = rule.decide(view);
                return List.of(LeadershipLine.of(new Leadership(Mode.COORDINATOR, decision.leader(), view.number(),
                        clock.instant(), decision.reason())));
            }
            default -> throw new ScenarioException("unknown command " + command.verb() + " (coordinator: quorum, view)");
        }
    }
}
