package io.conclave.timeline;

import io.conclave.election.ViewInfo;
import io.conclave.shell.Durations;
import io.conclave.shell.EventFormat;
import io.conclave.shell.Style;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One merge as the lab reports it: the sides with the leader each had, how long the split lasted, whether
 * two peers believed they led at once and for how long, and what the merge changed.
 *
 * @param viewId      the merge view
 * @param at          when the first peer installed it
 * @param sides       the subgroups that merged
 * @param splitSince  when the views first diverged, or null when no earlier common view is known
 * @param overlap     total time during the split in which two or more peers believed they led
 * @param overlapping the peers that believed so
 * @param leaderAfter who leads the merged view (null for none)
 * @param epochAfter  the epoch (or term) after the merge
 */
public record MergeReport(String viewId, Instant at, List<Side> sides, Instant splitSince, Duration overlap,
                          List<String> overlapping, String leaderAfter, long epochAfter) {

    public MergeReport {
        sides = List.copyOf(sides);
        overlapping = List.copyOf(overlapping);
    }

    /** One subgroup: its view, and its leader and epoch before and after the merge as its members saw them. */
    public record Side(ViewInfo view, String leaderBefore, long epochBefore, String leaderAfter, long epochAfter) {

        boolean leaderChanged() {
            return !Objects.equals(leaderBefore, leaderAfter);
        }
    }

    public Duration split() {
        return splitSince == null ? null : Duration.between(splitSince, at);
    }

    public String render(Style style) {
        List<String> lines = new ArrayList<>();
        lines.add(style.cyan("── merge into " + viewId + " at " + EventFormat.clock(at) + " ──"));
        lines.add("  sides    " + String.join("  +  ", sides.stream()
                .map(s -> String.join(",", s.view().members()) + " [" + s.view().id() + ", leader " + orNone(s.leaderBefore()) + "]")
                .toList()));
        lines.add("  split    " + (splitSince == null ? "unknown (no earlier common view seen)"
                : "lasted " + Durations.format(split()) + " (views diverged at " + EventFormat.clock(splitSince) + ")"));
        lines.add("  overlap  " + (overlapping.size() < 2 ? "none: never two leaders at once"
                : style.red("two leaders at once for " + Durations.format(overlap)) + ": " + String.join(", ", overlapping)));
        lines.add("  now      leader " + style.bold(orNone(leaderAfter)) + ", epoch " + epochAfter);
        for (Side side : sides) {
            String leader = side.leaderChanged() ? style.yellow("leader changed " + orNone(side.leaderBefore()) + " -> " + orNone(side.leaderAfter()))
                    : "leader kept (" + orNone(side.leaderAfter()) + ")";
            String epoch = side.epochBefore() == side.epochAfter() ? "epoch kept (" + side.epochAfter() + ")"
                    : "epoch " + side.epochBefore() + " -> " + side.epochAfter();
            lines.add("           " + String.join(",", side.view().members()) + ": " + leader + ", " + epoch);
        }
        return String.join("\n", lines);
    }

    private static String orNone(String leader) {
        return leader == null ? "none" : leader;
    }
}
