package io.conclave.support;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks that a {@link RegisterHistory} is linearizable: for every register on its own (a register's history
 * is linearizable on its own terms, so keys are checked one at a time), there is one order of its
 * operations that respects real time (an operation that returned before another was invoked comes first)
 * and in which every output is what a single register would have answered. Unknown operations may appear
 * anywhere after their invocation, or not at all.
 * <p>
 * The search is Wing and Gong's, with the memo of Lowe and of Porcupine: from a set of operations already
 * ordered and the register's value, try each operation that could come next (invoked before every remaining
 * operation returned); a (set, value) pair already explored is not explored again.
 */
public final class LinearizabilityChecker {

    private LinearizabilityChecker() {
    }

    /** @return null if every register's history is linearizable, else which register is not and its operations */
    public static String check(RegisterHistory history) {
        for (Map.Entry<String, List<RegisterHistory.Op>> key : history.byKey().entrySet()) {
            if (!linearizable(key.getValue())) {
                StringBuilder report = new StringBuilder("register " + key.getKey() + " is not linearizable:");
                key.getValue().stream().sorted(Comparator.comparingLong(RegisterHistory.Op::invoked))
                        .forEach(op -> report.append("\n  ").append(op));
                return report.toString();
            }
        }
        return null;
    }

    /** One register's operations, starting from an absent value. */
    static boolean linearizable(List<RegisterHistory.Op> history) {
        List<RegisterHistory.Op> ops = new ArrayList<>(withoutUnobservedUnknowns(history));
        ops.sort(Comparator.comparingLong(RegisterHistory.Op::invoked));
        BitSet mustOrder = new BitSet();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).known()) {
                mustOrder.set(i);
            }
        }
        return new Search(ops, mustOrder).from(new BitSet(), null);
    }

    /**
     * Leaves out unknown writes whose value no known operation ever saw (as a read, a previous value, a value
     * after a cas, or a cas's expected value). Values are unique per write, so such a write either never took
     * effect, or took effect with nothing after it on this register (whatever came next would have seen its
     * value); both orders are the same as leaving it out. Without this, every unknown write multiplies the
     * search by the places it could go, and a long run's history never finishes.
     */
    private static List<RegisterHistory.Op> withoutUnobservedUnknowns(List<RegisterHistory.Op> ops) {
        Set<String> seen = new HashSet<>();
        for (RegisterHistory.Op op : ops) {
            if (op.known()) {
                seen.add(op.output());
            }
            if (op.kind() == RegisterHistory.Kind.CAS) {
                seen.add(op.expected());
            }
        }
        return ops.stream().filter(op -> op.known() || seen.contains(op.value())).toList();
    }

    private static final class Search {
        private final List<RegisterHistory.Op> ops;
        private final BitSet mustOrder;
        private final Set<Visit> visited = new HashSet<>();

        Search(List<RegisterHistory.Op> ops, BitSet mustOrder) {
            this.ops = ops;
            this.mustOrder = mustOrder;
        }

        boolean from(BitSet done, String state) {
            BitSet missing = (BitSet) mustOrder.clone();
            missing.andNot(done);
            if (missing.isEmpty()) {
                return true;
            }
            long firstReturn = Long.MAX_VALUE;
            for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
                firstReturn = Math.min(firstReturn, ops.get(i).returned());
            }
            for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
                RegisterHistory.Op op = ops.get(i);
                if (op.invoked() > firstReturn) {
                    break; // sorted by invocation: none of the rest may come next either
                }
                String after = op.step(state);
                if (after == RegisterHistory.IMPOSSIBLE || (!op.known() && Objects.equals(after, state))) {
                    // an unknown operation that would change nothing might as well never have happened:
                    // leaving it out keeps the search from trying it at every place
                    continue;
                }
                BitSet next = (BitSet) done.clone();
                next.set(i);
                if (visited.add(new Visit(next, after)) && from(next, after)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The operations ordered so far (never changed once in a visit) and the register's value after them. */
    private record Visit(BitSet done, String state) {
    }
}
