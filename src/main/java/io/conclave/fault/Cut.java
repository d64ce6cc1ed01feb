package io.conclave.fault;

import io.conclave.election.ConclaveException;
import io.conclave.election.PeerNames;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the cluster is currently cut: sides of peer names, where two peers can talk only if some side holds
 * both. Sides may overlap (a peer in two sides is a bridge between them); {@value #REST} in a side stands
 * for every peer not named in another side; a peer in no side is cut off from everyone. No sides means no
 * cut. Every change gets the next generation number, so a command that arrives twice or late is ignored.
 *
 * @param generation grows with every partition, isolate or heal; 0 before the first
 * @param issuer     the peer that issued it (breaks ties between two commands of the same generation)
 * @param sides      the sides, each a set of peer names
 */
public record Cut(long generation, String issuer, List<Set<String>> sides) {

    /** In a side: every peer not named in another side. */
    public static final String REST = "*";

    /**
     * The highest generation a cut may have: about 68 years of one cut a second. A cut received with a higher
     * one is refused, so no cut can sit at Long.MAX_VALUE where the heal after it would overflow.
     */
    public static final long MAX_GENERATION = Integer.MAX_VALUE;
    /** The most names a cut may hold (all sides together); more is refused, from a command or from the network. */
    public static final int MAX_NAMES = 256;

    public static final Cut NONE = new Cut(0, "", List.of());

    /** @throws ConclaveException if the generation, the issuer or a side is not one a peer could have issued */
    public Cut {
        if (generation < 0 || generation > MAX_GENERATION) {
            throw new ConclaveException("cut generation " + generation + " is out of range 0-" + MAX_GENERATION);
        }
        if (issuer == null || (generation > 0 && PeerNames.problemWith(issuer) != null)) {
            throw new ConclaveException("cut issuer '" + issuer + "' is not a peer name");
        }
        String problem = problemWith(sides);
        if (problem != null) {
            throw new ConclaveException(problem);
        }
        sides = sides.stream().map(Set::copyOf).toList();
    }

    /** Why these sides cannot form a cut (an empty side, a bad name, too many names, '*' twice), or null. */
    static String problemWith(List<Set<String>> sides) {
        if (sides == null) {
            return "a cut needs its sides";
        }
        if (sides.size() == 1) {
            return "a cut has one side; it needs at least two, e.g. A,B / C,D,E";
        }
        int names = 0;
        for (Set<String> side : sides) {
            if (side == null || side.isEmpty()) {
                return "a cut has an empty side; write sides like A,B / C,D,E";
            }
            names += side.size();
            for (String name : side) {
                String problem = REST.equals(name) ? null : PeerNames.problemWith(name);
                if (problem != null) {
                    return "'" + name + "' is not a peer name: " + problem;
                }
            }
        }
        if (names > MAX_NAMES) {
            return "a cut names " + names + " peers; at most " + MAX_NAMES;
        }
        if (sides.stream().filter(s -> s.contains(REST)).count() > 1) {
            return "a cut uses " + REST + " in more than one side; it may stand for the rest once";
        }
        return null;
    }

    public boolean active() {
        return !sides.isEmpty();
    }

    /** The cut the given peer issues next: one generation later. */
    public Cut next(String by, List<Set<String>> newSides) {
        if (generation >= MAX_GENERATION) {
            throw new ConclaveException("no cut generations left (" + MAX_GENERATION + " used); restart the cluster");
        }
        return new Cut(generation + 1, by, newSides);
    }

    /** Whether this cut replaces {@code other}: a later generation, or the same one issued by a greater name. */
    public boolean newerThan(Cut other) {
        return generation > other.generation
                || (generation == other.generation && issuer.compareTo(other.issuer) > 0);
    }

    /** Whether peers {@code a} and {@code b} can exchange messages under this cut. */
    public boolean connected(String a, String b) {
        if (!active() || a.equals(b)) {
            return true;
        }
        return sides.stream().anyMatch(side -> in(side, a) && in(side, b));
    }

    private boolean in(Set<String> side, String name) {
        return side.contains(name) || (side.contains(REST) && !named(name));
    }

    private boolean named(String name) {
        return sides.stream().anyMatch(side -> side.contains(name));
    }

    /** Peers named in more than one side: they talk to both, the partial connectivity real networks produce. */
    public Set<String> bridges() {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> bridges = new LinkedHashSet<>();
        for (Set<String> side : sides) {
            for (String name : side) {
                if (!name.equals(REST) && !seen.add(name)) {
                    bridges.add(name);
                }
            }
        }
        return bridges;
    }

    /** "A,B / C,D,E", or "none". Names in a side are sorted, so equal cuts print alike. */
    public String describe() {
        if (!active()) {
            return "none";
        }
        return sides.stream().map(side -> side.stream().sorted(Cut::restLast).collect(Collectors.joining(",")))
                .collect(Collectors.joining(" / "));
    }

    private static int restLast(String a, String b) {
        return a.equals(REST) ? 1 : b.equals(REST) ? -1 : a.compareTo(b);
    }

    /**
     * Parses {@code A,B / C,D,E}: sides separated by '/', names by ',' (spaces optional). At least two sides,
     * none empty; {@value #REST} may stand for the peers not named elsewhere.
     */
    public static List<Set<String>> parseSides(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2) {
            throw new ConclaveException("'" + text.strip() + "' has one side; separate the sides with '/', e.g. A,B / C,D,E");
        }
        List<Set<String>> sides = new ArrayList<>();
        for (String part : parts) {
            Set<String> side = new LinkedHashSet<>();
            for (String raw : part.split(",", -1)) {
                String name = raw.strip();
                if (name.isEmpty()) {
                    throw new ConclaveException("'" + text.strip() + "' has an empty name or side; write sides like A,B / C,D,E");
                }
                String problem = name.equals(REST) ? null : PeerNames.problemWith(name);
                if (problem != null) {
                    throw new ConclaveException("'" + name + "' is not a peer name: " + problem);
                }
                side.add(name);
            }
            sides.add(side);
        }
        if (sides.stream().filter(s -> s.contains(REST)).count() > 1) {
            throw new ConclaveException("'" + text.strip() + "' uses " + REST + " in more than one side; it may stand for the rest once");
        }
        String problem = problemWith(sides);
        if (problem != null) {
            throw new ConclaveException(problem);
        }
        return sides;
    }
}
