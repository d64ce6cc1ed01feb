package io.conclave.agreement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who leads according to each peer, gathered: every leader with the peers that follow it, and the peers
 * that see none with their reasons. A peer counts as a leader only if it believes it leads itself (or is not
 * among the peers asked): one named only by others who no longer hear from it is no leader, and is listed
 * apart. Kept free of I/O so split-brain reporting can be tested with scripted snapshots; {@link Agreement}
 * uses it to say why peers do not agree.
 *
 * @param leaders    leader name to the peers that see it, in the order the peers were given
 * @param leaderless reason to the peers that see no leader for it
 * @param stale      a peer that does not believe it leads, to the peers that still name it
 */
public record Census(Map<String, List<String>> leaders, Map<String, List<String>> leaderless,
                     Map<String, List<String>> stale) {

    public Census {
        leaders = copy(leaders);
        leaderless = copy(leaderless);
        stale = copy(stale);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> map) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        map.forEach((key, peers) -> copy.put(key, List.copyOf(peers)));
        return Collections.unmodifiableMap(copy);
    }

    public static Census of(List<PeerSnapshot> beliefs) {
        Map<String, List<String>> leaders = new LinkedHashMap<>();
        Map<String, List<String>> leaderless = new LinkedHashMap<>();
        Map<String, List<String>> stale = new LinkedHashMap<>();
        Map<String, String> ownBelief = new HashMap<>();
        beliefs.forEach(b -> ownBelief.put(b.name(), String.valueOf(b.leader())));
        for (PeerSnapshot belief : beliefs) {
            String leader = belief.leader();
            if (leader == null) {
                leaderless.computeIfAbsent(String.valueOf(belief.reason()), k -> new ArrayList<>()).add(belief.name());
            } else if (ownBelief.containsKey(leader) && !leader.equals(ownBelief.get(leader))) {
                stale.computeIfAbsent(leader, k -> new ArrayList<>()).add(belief.name());
            } else {
                leaders.computeIfAbsent(leader, k -> new ArrayList<>()).add(belief.name());
            }
        }
        return new Census(leaders, leaderless, stale);
    }

    public int leaderCount() {
        return leaders.size();
    }

    /** The leader, if every peer sees the same one (ask {@link Agreement}, which also says why not). */
    Optional<String> agreedLeader() {
        return leaders.size() == 1 && leaderless.isEmpty() && stale.isEmpty() ? Optional.of(leaders.keySet().iterator().next()) : Optional.empty();
    }

    public boolean splitBrain() {
        return leaders.size() > 1;
    }

    /** "A (A,B) and C (C,D,E); no leader on D,E: no quorum: 2 of 5 (3 needed)", or "no peers". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!leaders.isEmpty()) {
            parts.add(leaders.entrySet().stream().map(e -> e.getKey() + " (" + String.join(",", e.getValue()) + ")")
                    .collect(Collectors.joining(" and ")));
        }
        leaderless.forEach((reason, peers) -> parts.add("no leader on " + String.join(",", peers) + ": " + reason));
        stale.forEach((leader, peers) -> parts.add(String.join(",", peers) + " still name " + leader
                + ", which no longer leads"));
        return parts.isEmpty() ? "no peers" : String.join("; ", parts);
    }

    /** One line for the lab: "SPLIT BRAIN: 2 leaders: A (A,B) and C (C,D,E)", "one leader: A (A,B,C)", ... */
    public String headline() {
        String prefix = switch (leaders.size()) {
            case 0 -> "";
            case 1 -> "one leader: ";
            default -> "SPLIT BRAIN: " + leaders.size() + " leaders: ";
        };
        return prefix + describe();
    }
}
