package io.conclave.peer;

import org.jgroups.Address;
import org.jgroups.MergeView;
import org.jgroups.View;
import org.jgroups.util.UUID;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One name, one process. A peer started under a name already taken is refused when it first connects
 * (PeerRuntime.afterConnect), but during a partition it can start on the other side and come in with the
 * merge. Every member judges the merged view alike, so both sides agree on which process keeps the name: the
 * one from the largest side (the side whose leader leads after the merge), or, on a tie or in a plain view,
 * the one first in the view. The other is refused: it stops leading at once, before its elector sees the
 * view, and leaves; the others say whom they refused.
 */
final class DuplicateNames {

    /** What a view means for this peer: it is the one refused ({@code refusesSelf}), or it saw another refused. */
    record Verdict(boolean refusesSelf, String notice) {
    }

    private final String cluster;
    /** The addresses already refused, so each is reported once however many views still hold it. */
    private final Set<Address> reported = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Address, Boolean> eldest) {
            return size() > 256;
        }
    });

    DuplicateNames(String cluster) {
        this.cluster = cluster;
    }

    synchronized Optional<Verdict> judge(View view, Address self) {
        Map<String, List<Address>> byName = new LinkedHashMap<>();
        for (Address member : view.getMembers()) {
            byName.computeIfAbsent(Views.name(member), n -> new ArrayList<>()).add(member);
        }
        Verdict verdict = null;
        for (Map.Entry<String, List<Address>> entry : byName.entrySet()) {
            List<Address> holders = entry.getValue();
            if (holders.size() < 2) {
                continue;
            }
            Address keeper = holders.stream().min(Comparator.comparingInt((Address a) -> -sideSize(view, a))
                    .thenComparingInt(view.getMembers()::indexOf)).orElseThrow();
            for (Address refused : holders) {
                if (refused.equals(keeper)) {
                    continue;
                }
                String name = entry.getKey();
                if (refused.equals(self)) {
                    return Optional.of(new Verdict(true, "refused at the merge: a peer named " + name
                            + " is already in cluster " + cluster + " (on the larger side); this process leaves."
                            + " Give it another PeerConfig.name"));
                }
                if (reported.add(refused)) {
                    verdict = new Verdict(false, "refused a second process named " + name + " (" + (refused instanceof UUID id ? id.toStringLong() : refused)
                            + ") that came in with a merge: the " + name + " of the larger side keeps the name, the other leaves");
                }
            }
        }
        return Optional.ofNullable(verdict);
    }

    private static int sideSize(View view, Address member) {
        if (view instanceof MergeView merge) {
            return merge.getSubgroups().stream().filter(side -> side.containsMember(member)).mapToInt(View::size)
                    .findFirst().orElse(0);
        }
        return 0;
    }
}
