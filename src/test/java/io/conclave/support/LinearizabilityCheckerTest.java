package io.conclave.support;

import io.conclave.support.RegisterHistory.Op;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The checker accepts what a register can do and finds planted violations. */
class LinearizabilityCheckerTest {

    @Test
    void concurrentOperationsMayTakeEffectInEitherOrder() {
        // put 1 and put 2 overlap; the read after both sees 1, so put 2 went first
        assertThat(LinearizabilityChecker.linearizable(List.of(
                Op.put("k", "1", 0, 10, "2"),
                Op.put("k", "2", 1, 11, null),
                Op.get("k", 12, 13, "1")))).isTrue();
    }

    @Test
    void aStaleReadIsFound() {
        RegisterHistory history = new RegisterHistory();
        history.add(Op.put("k", "1", 0, 10, null));
        history.add(Op.put("k", "2", 20, 30, "1"));
        history.add(Op.get("k", 40, 50, "1")); // planted: put 2 had returned before this read began
        history.add(Op.get("other", 0, 1, null));
        assertThat(LinearizabilityChecker.check(history)).startsWith("register k is not linearizable")
                .contains("get -> 1 [0..0 ms]");
    }

    @Test
    void aCasThatSwappedAgainstTheWrongValueIsFound() {
        // once the key holds a value, a cas expecting it absent cannot swap
        assertThat(LinearizabilityChecker.linearizable(List.of(
                Op.cas("k", null, "a", 0, 10, true, "a"),
                Op.put("k", "b", 20, 30, "a"),
                Op.cas("k", null, "c", 40, 50, true, "c")))).isFalse();
    }

    @Test
    void anUnknownWriteMayHaveHappenedOrNot() {
        Op unknown = Op.unknown("k", RegisterHistory.Kind.PUT, null, "x", 5);
        assertThat(LinearizabilityChecker.linearizable(List.of(Op.put("k", "1", 0, 10, null), unknown,
                Op.get("k", 20, 30, "x")))).as("it happened").isTrue();
        assertThat(LinearizabilityChecker.linearizable(List.of(Op.put("k", "1", 0, 10, null), unknown,
                Op.get("k", 20, 30, "1")))).as("not yet, or never").isTrue();
        assertThat(LinearizabilityChecker.linearizable(List.of(Op.put("k", "1", 10, 20, null), unknown,
                Op.get("k", 0, 4, "x")))).as("not before it was invoked").isFalse();
    }

    @Test
    void manyUnknownWritesNobodySawDoNotSlowTheSearch() {
        List<Op> ops = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ops.add(Op.unknown("k", i % 2 == 0 ? RegisterHistory.Kind.PUT : RegisterHistory.Kind.CAS, null, "u" + i, i));
            ops.add(Op.put("k", "p" + i, 1_000 + 10L * i, 1_005 + 10L * i, i == 0 ? null : "p" + (i - 1)));
        }
        assertThat(LinearizabilityChecker.linearizable(ops)).isTrue();
        ops.add(Op.get("k", 5_000, 5_001, "p3")); // planted: p199 was written last
        assertThat(LinearizabilityChecker.linearizable(ops)).isFalse();
    }

    @Test
    void aLostAcknowledgedWriteIsFound() {
        assertThat(LinearizabilityChecker.linearizable(List.of(
                Op.put("k", "1", 0, 10, null),
                Op.cas("k", "1", "2", 20, 30, true, "2"),
                Op.get("k", 40, 50, "1")))).isFalse();
    }
}
