package io.conclave.scenario;

import io.conclave.coordinator.CoordinatorRule;
import io.conclave.election.ElectionEvent;
import io.conclave.election.Leadership;
import io.conclave.election.Mode;
import io.conclave.election.ViewInfo;
import io.conclave.peer.DuplicateNamesRule;
import io.conclave.timeline.MergeAnalysis;
import io.conclave.timeline.MergeReport;
import org.jgroups.Address;
import org.jgroups.MergeView;
import org.jgroups.View;
import org.jgroups.ViewId;
import org.jgroups.stack.LargestWinningPolicy;
import org.jgroups.util.NameCache;
import org.jgroups.util.UUID;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Partitions and merges in coordinator mode, on real JGroups {@link View}s and {@link MergeView}s of
 * {@link UUID} addresses, merged in the order {@link LargestWinningPolicy} gives (the policy every bundled stack
 * sets): each view goes through {@link CoordinatorRule}, each merge view first through the duplicate-name rule
 * ({@link DuplicateNamesRule}), and the events every process would record are analysed by {@link MergeAnalysis}.
 * A process is named by a label: {@code A}, or {@code A#2} for a second process named A.
 * <pre>
 * peers A B C D E [quorum=5]     the processes, in one view; prints its leadership
 * split A,B | C,D,E              each side installs a view of its members, in the order written
 * start A#2 on C,D,E             a new process joins the view C,D,E hold
 * merge A,B | C,D,E              the sides' current views merge; prints the merge report
 * </pre>
 */
final class MergeDriver implements Driver {

    private static final String CLUSTER = "scenario";

    /** One process: its address, the view it holds, what it believes about leadership, its duplicate-name rule. */
    private static final class Process {
        final String label;
        final Address address;
        final DuplicateNamesRule duplicates = new DuplicateNamesRule(CLUSTER);
        View view;
        Leadership leadership;

        Process(String label, Address address) {
            this.label = label;
            this.address = address;
        }

        String name() {
            return label.split("#", 2)[0];
        }
    }

    private final FakeClock clock;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<Address, Process> byAddress = new LinkedHashMap<>();
    private final List<ElectionEvent> events = new ArrayList<>();
    private CoordinatorRule rule = new CoordinatorRule(0);
    /** UUIDs are numbered in order of creation, so that every run (and every notice naming one) is the same. */
    private long nextUuid = 1;

    MergeDriver(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public List<String> run(Command command) {
        return switch (command.verb()) {
            case "peers" -> peers(command);
            case "split" -> split(command);
            case "start" -> start(command);
            case "merge" -> merge(command);
            default -> throw new ScenarioException("unknown command " + command.verb() + " (merge: peers, split, start, merge)");
        };
    }

    private List<String> peers(Command command) {
        if (!processes.isEmpty()) {
            throw new ScenarioException("peers: the processes are already there");
        }
        rule = new CoordinatorRule((int) command.numberOption("quorum", 0));
        List<Process> all = command.words().stream().map(this::newProcess).toList();
        return List.of(install(view(all, 1), all));
    }

    private List<String> split(Command command) {
        List<String> lines = new ArrayList<>();
        for (List<Process> side : sides(command)) {
            lines.add(install(view(side, nextNumber(side)), side));
        }
        return lines;
    }

    private List<String> start(Command command) {
        Process joiner = newProcess(command.word(0, "the new process"));
        if (!command.word(1, "'on'").equals("on")) {
            throw new ScenarioException("start: write start PROCESS on MEMBERS");
        }
        List<Process> side = new ArrayList<>(processes(command.word(2, "the members it joins")));
        side.add(joiner);
        return List.of(install(view(side, nextNumber(side)), side));
    }

    private List<String> merge(Command command) {
        List<View> subgroups = new ArrayList<>();
        for (List<Process> side : sides(command)) {
            View held = side.get(0).view;
            if (!held.getMembers().equals(side.stream().map(p -> p.address).toList())) {
                throw new ScenarioException("merge: " + labels(side) + " do not hold one view (" + side.get(0).label
                        + " holds " + labels(held) + ")");
            }
            subgroups.add(held);
        }
        List<Address> members = new LargestWinningPolicy().getNewMembership(
                subgroups.stream().map(v -> (Collection<Address>) v.getMembers()).toList());
        long number = subgroups.stream().mapToLong(v -> v.getViewId().getId()).max().orElseThrow() + 1;
        MergeView merged = new MergeView(new ViewId(members.get(0), number), members, subgroups);
        ViewInfo info = info(merged);

        List<String> refusals = new ArrayList<>();
        Map<String, List<String>> noticesBy = new LinkedHashMap<>();
        List<Process> staying = new ArrayList<>();
        List<Process> refused = new ArrayList<>();
        for (Address member : members) {
            Process process = byAddress.get(member);
            var judgement = process.duplicates.judge(merged, member);
            if (judgement.isPresent() && judgement.get().refusesSelf()) {
                refusals.add("refused " + process.label + ": " + judgement.get().notice());
                refused.add(process);
                believe(process, Leadership.none(Mode.COORDINATOR, process.leadership.epoch(), clock.instant(),
                        judgement.get().notice()));
                continue;
            }
            judgement.ifPresent(j -> noticesBy.computeIfAbsent(j.notice(), n -> new ArrayList<>()).add(process.label));
            staying.add(process);
        }
        List<ElectionEvent.Subgroup> sides = subgroups.stream()
                .map(v -> new ElectionEvent.Subgroup(info(v), rule.decide(info(v)).leader())).toList();
        List<Leadership> before = staying.stream().map(p -> p.leadership).toList();
        String installed = install(merged, staying);
        for (int i = 0; i < staying.size(); i++) {
            Process process = staying.get(i);
            events.add(new ElectionEvent.Merged(clock.instant(), process.name(), info, sides, before.get(i).leader(),
                    process.leadership.leader(), before.get(i).epoch(), process.leadership.epoch()));
        }
        MergeReport report = MergeAnalysis.of(info.id(), events, List.of()).orElseThrow();

        List<String> lines = new ArrayList<>();
        lines.add(installed);
        lines.add(report.split() == null ? "split unknown" : "split lasted " + report.split().toMillis() + "ms");
        lines.add(report.overlapping().size() < 2 ? "overlap none"
                : "overlap " + report.overlap().toMillis() + "ms: " + String.join(", ", report.overlapping()));
        for (MergeReport.Side side : report.sides()) {
            String leader = Objects.equals(side.leaderBefore(), side.leaderAfter()) ? "leader kept (" + orNone(side.leaderAfter()) + ")"
                    : "leader changed " + orNone(side.leaderBefore()) + " -> " + orNone(side.leaderAfter());
            lines.add(String.join(",", side.view().members()) + ": " + leader + ", epoch " + side.epochBefore() + " -> "
                    + side.epochAfter());
        }
        lines.addAll(refusals);
        noticesBy.forEach((notice, seenBy) -> lines.add("notice at " + String.join(",", seenBy) + ": " + notice));
        refused.forEach(p -> processes.remove(p.label)); // a refused process leaves
        return lines;
    }

    /** Every process of {@code side} installs {@code view}: the events it records, and the line that says it. */
    private String install(View view, List<Process> side) {
        ViewInfo info = info(view);
        CoordinatorRule.Decision decision = rule.decide(info);
        Leadership leadership = new Leadership(Mode.COORDINATOR, decision.leader(), info.number(), clock.instant(),
                decision.reason());
        for (Process process : side) {
            process.view = view;
            events.add(new ElectionEvent.ViewChanged(clock.instant(), process.name(), info));
            believe(process, leadership);
        }
        return "view " + info.id() + " " + labels(view) + ": " + LeadershipLine.of(leadership);
    }

    private void believe(Process process, Leadership leadership) {
        Leadership old = process.leadership;
        process.leadership = leadership;
        if (old == null || !Objects.equals(old.leader(), leadership.leader())) {
            events.add(new ElectionEvent.LeaderChanged(clock.instant(), process.name(), Mode.COORDINATOR,
                    old == null ? null : old.leader(), leadership.leader(), leadership.epoch(), leadership.reason()));
        }
    }

    private Process newProcess(String label) {
        if (processes.containsKey(label)) {
            throw new ScenarioException("there is already a process " + label);
        }
        Process process = new Process(label, new UUID(0, nextUuid++));
        NameCache.add(process.address, process.name());
        processes.put(label, process);
        byAddress.put(process.address, process);
        return process;
    }

    private View view(List<Process> members, long number) {
        return new View(new ViewId(members.get(0).address, number), members.stream().map(p -> p.address).toList());
    }

    /** The view number after the highest any of {@code side} has seen. */
    private static long nextNumber(List<Process> side) {
        return side.stream().filter(p -> p.view != null).mapToLong(p -> p.view.getViewId().getId()).max().orElse(0) + 1;
    }

    private List<List<Process>> sides(Command command) {
        String text = String.join(" ", command.words());
        List<List<Process>> sides = new ArrayList<>();
        for (String side : text.split("\\|")) {
            sides.add(processes(side.strip()));
        }
        if (sides.size() < 2) {
            throw new ScenarioException(command.verb() + ": write the sides as A,B | C,D,E");
        }
        return sides;
    }

    private List<Process> processes(String labels) {
        List<Process> side = new ArrayList<>();
        for (String label : Command.names(labels)) {
            Process process = processes.get(label);
            if (process == null) {
                throw new ScenarioException("no process " + label + " (processes: " + String.join(",", processes.keySet()) + ")");
            }
            side.add(process);
        }
        if (side.isEmpty()) {
            throw new ScenarioException("a side needs at least one process");
        }
        return side;
    }

    /** The view as the runtime turns it into a value: members by logical name, so two processes named A are both A. */
    private static ViewInfo info(View view) {
        return new ViewInfo(String.valueOf(view.getCreator()), view.getViewId().getId(),
                view.getMembers().stream().map(String::valueOf).toList());
    }

    private String labels(View view) {
        return view.getMembers().stream().map(a -> byAddress.get(a).label).collect(Collectors.joining(","));
    }

    private static String labels(List<Process> side) {
        return side.stream().map(p -> p.label).collect(Collectors.joining(","));
    }

    private static String orNone(String leader) {
        return leader == null ? "none" : leader;
    }
}
