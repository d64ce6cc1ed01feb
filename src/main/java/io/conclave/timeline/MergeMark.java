package io.conclave.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A merge: when the first peer installed the merge view, its members, how long the split before it lasted
 * (null if unknown), what it came to in one line, and the lab's merge report as text.
 */
public record MergeMark(Instant at, String view, List<String> members, Duration split, String outcome, String report,
                        int event) {

    public MergeMark {
        members = List.copyOf(members);
    }
}
