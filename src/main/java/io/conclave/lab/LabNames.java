package io.conclave.lab;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The names the lab and the benches give their peers: A to Z, then A1 to Z1, A2 to Z2, and so on (the 100th
 * peer is V3). A letter and a round: every name stays two characters at most below 260 peers, is typed as it
 * reads in {@code partition A,B / C1,D1}, can never be taken for a duration or a number by a script (those
 * start with a digit), and the 27th peer, A1, is not misread as A at a glance the way AA would be in a long
 * view.
 */
public final class LabNames {

    private static final int LETTERS = 26;

    private LabNames() {
    }

    /** The name of the peer at {@code index} (0 is A, 25 is Z, 26 is A1). */
    public static String of(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("a peer index is 0 or more, but was " + index);
        }
        String letter = String.valueOf((char) ('A' + index % LETTERS));
        int round = index / LETTERS;
        return round == 0 ? letter : letter + round;
    }

    /** The names of the first {@code count} peers, in order. */
    public static List<String> first(int count) {
        return IntStream.range(0, count).mapToObj(LabNames::of).toList();
    }
}
