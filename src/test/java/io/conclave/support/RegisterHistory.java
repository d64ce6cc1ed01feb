package io.conclave.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What clients did to a set of registers (keys), for {@link LinearizabilityChecker}: every operation with the
 * time it was invoked and the time its outcome was known. An operation that failed for certain (nothing was
 * written) is dropped; one whose outcome is unknown (a timeout) may have taken effect at any time after its
 * invocation, or never. Thread-safe.
 */
public final class RegisterHistory {

    /** The operations on one register: put returns the previous value, cas whether it swapped and the value after. */
    public enum Kind { PUT, GET, CAS }

    /**
     * @param key      the register
     * @param kind     what was done
     * @param expected CAS: the value it had to hold (null: absent)
     * @param value    PUT, CAS: the new value
     * @param invoked  System.nanoTime() before the call
     * @param returned System.nanoTime() after it, or {@link Long#MAX_VALUE} if the outcome is unknown
     * @param output   PUT: the previous value; GET: the value read; CAS: the value after (unused if unknown)
     * @param swapped  CAS: whether it swapped
     * @param known    whether the outcome is known
     */
    public record Op(String key, Kind kind, String expected, String value, long invoked, long returned,
                     String output, boolean swapped, boolean known) {

        public static Op put(String key, String value, long invoked, long returned, String previous) {
            return new Op(key, Kind.PUT, null, value, invoked, returned, previous, false, true);
        }

        public static Op get(String key, long invoked, long returned, String read) {
            return new Op(key, Kind.GET, null, null, invoked, returned, read, false, true);
        }

        public static Op cas(String key, String expected, String value, long invoked, long returned, boolean swapped,
                             String after) {
            return new Op(key, Kind.CAS, expected, value, invoked, returned, after, swapped, true);
        }

        /** A write whose outcome is unknown: it may have been applied at any time after {@code invoked}, or never. */
        public static Op unknown(String key, Kind kind, String expected, String value, long invoked) {
            return new Op(key, kind, expected, value, invoked, Long.MAX_VALUE, null, false, false);
        }

        /**
         * Applies this operation to a register holding {@code state}.
         *
         * @return the state after it, or {@link #IMPOSSIBLE} if its output cannot come from {@code state}
         */
        String step(String state) {
            return switch (kind) {
                case PUT -> !known || Objects.equals(state, output) ? value : IMPOSSIBLE;
                case GET -> Objects.equals(state, output) ? state : IMPOSSIBLE;
                case CAS -> {
                    boolean matches = Objects.equals(state, expected);
                    if (!known) {
                        yield matches ? value : state;
                    }
                    if (swapped) {
                        yield matches && Objects.equals(output, value) ? value : IMPOSSIBLE;
                    }
                    yield !matches && Objects.equals(output, state) ? state : IMPOSSIBLE;
                }
            };
        }

        @Override
        public String toString() {
            String what = switch (kind) {
                case PUT -> "put " + value + (known ? " -> " + output : "");
                case GET -> "get" + (known ? " -> " + output : "");
                case CAS -> "cas " + expected + "=>" + value + (known ? " -> " + swapped + "/" + output : "");
            };
            return key + ": " + what + (known ? "" : " (unknown)") + " [" + invoked / 1_000_000 + ".."
                    + (known ? String.valueOf(returned / 1_000_000) : "?") + " ms]";
        }
    }

    /** Never a register's value: marks an output that cannot be. */
    static final String IMPOSSIBLE = new String("impossible");

    private final List<Op> ops = new ArrayList<>();

    public synchronized void add(Op op) {
        ops.add(op);
    }

    public synchronized int size() {
        return ops.size();
    }

    public synchronized long count(Kind kind, boolean known) {
        return ops.stream().filter(o -> o.kind() == kind && o.known() == known).count();
    }

    /** The operations per register, in the order they were recorded. */
    public synchronized Map<String, List<Op>> byKey() {
        Map<String, List<Op>> keys = new LinkedHashMap<>();
        for (Op op : ops) {
            keys.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        return keys;
    }
}
