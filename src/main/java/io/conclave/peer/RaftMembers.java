package io.conclave.peer;

import io.conclave.election.ConclaveException;
import io.conclave.election.PeerNames;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks lists of voting members. jgroups-raft accepts almost anything here (it drops duplicates and empty
 * names without a word), and a wrong list only shows up later as a cluster that never elects a leader.
 */
public final class RaftMembers {

    private RaftMembers() {
    }

    /** Parses {@code A,B,C}, the text form of {@code PeerConfig.members}; spaces around names are ignored. */
    public static List<String> parse(String csv) {
        if (csv == null || csv.isBlank()) {
            throw new ConclaveException("PeerConfig.members is empty; list the voting members, e.g. PeerConfig.members=A,B,C");
        }
        List<String> names = new ArrayList<>();
        String[] parts = csv.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String name = parts[i].strip();
            if (name.isEmpty()) {
                throw new ConclaveException("malformed PeerConfig.members '" + csv + "': name " + (i + 1)
                        + " is empty; write the voting members separated by single commas, e.g. PeerConfig.members=A,B,C");
            }
            names.add(name);
        }
        requireValid(names, "PeerConfig.members");
        return List.copyOf(names);
    }

    /** Non-empty, every name usable as a peer name, no name twice. {@code source} names where the list came from. */
    public static void requireValid(List<String> members, String source) {
        if (members.isEmpty()) {
            throw new ConclaveException("no voting members (" + source + "); list them with PeerConfig.members=A,B,C");
        }
        Set<String> seen = new HashSet<>();
        for (String member : members) {
            String problem = PeerNames.problemWith(member);
            if (problem != null) {
                throw new ConclaveException("invalid voting member '" + member + "' (" + source + "): " + problem);
            }
            if (!seen.add(member)) {
                throw new ConclaveException(source + " lists " + member + " twice; name each voting member once, e.g. PeerConfig.members=A,B,C");
            }
        }
    }
}
