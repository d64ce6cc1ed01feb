package io.conclave.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What happened in a recording, on one clock: the model behind the timeline page, free of any rendering.
 *
 * @param cluster      the cluster name, if the recording says
 * @param stack        the stack, if the recording says
 * @param mode         coordinator, coordinator + quorum, or raft
 * @param strict       whether two leaders at once break the mode's promise (quorum and raft)
 * @param labClosed    when the lab closed (the recording is drawn up to then), or null
 * @param lanes        one per peer, in name order
 * @param splitBrain   periods in which live peers named two or more live leaders
 * @param overlaps     periods in which two or more peers each believed they led
 * @param leaders      who believed they led, period by period, from start to end
 * @param leaderless   periods in which no peer believed it led
 * @param skews        one per source: how its clock was aligned
 * @param events       every event, on the aligned clock, in time order
 */
public record Timeline(String cluster, String stack, String mode, boolean strict, Instant start, Instant end, Instant labClosed,
                       List<Lane> lanes, List<FaultMark> faults, List<MergeMark> merges, List<Period> splitBrain,
                       List<Period> overlaps, List<Period> leaders, List<Period> leaderless, List<ClockSkew> skews,
                       List<Recorded> events) {

    public Timeline {
        lanes = List.copyOf(lanes);
        faults = List.copyOf(faults);
        merges = List.copyOf(merges);
        splitBrain = List.copyOf(splitBrain);
        overlaps = List.copyOf(overlaps);
        leaders = List.copyOf(leaders);
        leaderless = List.copyOf(leaderless);
        skews = List.copyOf(skews);
        events = List.copyOf(events);
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    public Optional<Period> longestLeaderless() {
        return leaderless.stream().max(java.util.Comparator.comparing(Period::length));
    }

    public Optional<Lane> lane(String peer) {
        return lanes.stream().filter(l -> l.peer().equals(peer)).findFirst();
    }

    public static Duration total(List<Period> periods) {
        return periods.stream().map(Period::length).reduce(Duration.ZERO, Duration::plus);
    }
}
