package io.conclave.raft;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's log format and state machine, without a cluster. */
class StoreCommandTest {

    @Test
    void commandsSurviveEncoding() throws IOException {
        for (StoreCommand command : List.of(StoreCommand.put("k", "v ü €"), StoreCommand.delete("k"),
                StoreCommand.get("k"), StoreCommand.keys(), StoreCommand.compareAndSet("k", null, "new"),
                StoreCommand.compareAndSet("k", "old", ""), StoreCommand.put("k", "x".repeat(70_000)),
                StoreCommand.check("1-2:ff"))) {
            byte[] framed = frame(command.encode());
            assertThat(StoreCommand.decode(framed, 3, framed.length - 5)).isEqualTo(command);
            RequestId id = new RequestId(-5, 12, 3);
            byte[] withId = frame(command.encode(id));
            assertThat(StoreCommand.decodeEntry(withId, 3, withId.length - 5)).isEqualTo(new StoreCommand.Entry(id, command));
        }
    }

    @Test
    void theFormatIsExplicitBytesNotJavaSerialization() {
        assertThat(StoreCommand.put("k", "v").encode()).containsExactly(1, 0, 0, 0, 1, 'k', 0, 0, 0, 1, 'v');
        assertThat(StoreCommand.keys().encode()).containsExactly(5);
    }

    @Test
    void anUnknownOperationIsAnErrorAnswerNotAnException() throws IOException {
        // (and it stops the copy: see anEntryThatCannotBeDecodedStopsTheCopyThere)
        KeyValueStateMachine machine = new KeyValueStateMachine();
        byte[] answer = machine.apply(new byte[]{42}, 0, 1, true);
        assertThat(StoreResponse.decode(StoreCommand.Op.GET, answer).error()).contains("unknown store operation 42");
        assertThatThrownBy(() -> StoreCommand.decode(new byte[]{1, 0x7f, 0, 0, 0}, 0, 5))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt string length");
    }

    @Test
    void theStateMachineAppliesCommandsAndAnswers() throws IOException {
        KeyValueStateMachine machine = new KeyValueStateMachine();
        assertThat(apply(machine, StoreCommand.put("b", "1")).value()).isNull();
        assertThat(apply(machine, StoreCommand.put("b", "2")).value()).isEqualTo("1");
        assertThat(apply(machine, StoreCommand.put("a", "3")).value()).isNull();
        assertThat(apply(machine, StoreCommand.get("b")).value()).isEqualTo("2");
        assertThat(apply(machine, StoreCommand.keys()).keys()).containsExactly("a", "b");

        StoreResponse lost = apply(machine, StoreCommand.compareAndSet("b", "1", "9"));
        assertThat(lost.swapped()).isFalse();
        assertThat(lost.value()).isEqualTo("2");
        StoreResponse won = apply(machine, StoreCommand.compareAndSet("b", "2", "9"));
        assertThat(won.swapped()).isTrue();
        assertThat(won.value()).isEqualTo("9");
        assertThat(apply(machine, StoreCommand.compareAndSet("c", null, "new")).swapped()).isTrue();
        assertThat(apply(machine, StoreCommand.compareAndSet("c", null, "again")).swapped()).isFalse();

        assertThat(apply(machine, StoreCommand.delete("a")).value()).isEqualTo("3");
        assertThat(apply(machine, StoreCommand.delete("a")).value()).isNull();
        assertThat(machine.localValue("b")).isEqualTo("9");
        assertThat(machine.apply(StoreCommand.put("d", "4").encode(), 0, 11, false)).isNull();
    }

    @Test
    void aSnapshotRestoresTheWholeMap() throws Exception {
        KeyValueStateMachine machine = new KeyValueStateMachine();
        for (int i = 0; i < 100; i++) {
            apply(machine, StoreCommand.put("k" + i, "v" + i));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        machine.writeContentTo(new DataOutputStream(bytes));

        KeyValueStateMachine restored = new KeyValueStateMachine();
        apply(restored, StoreCommand.put("stale", "gone"));
        restored.readContentFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(restored.entries()).hasSize(100);
        assertThat(restored.localValue("k42")).isEqualTo("v42");
        assertThat(restored.localValue("stale")).isNull();
    }

    @Test
    void aResendIsAnsweredWithTheFirstResultAndAppliedOnce() throws IOException {
        KeyValueStateMachine machine = new KeyValueStateMachine();
        RequestId first = new RequestId(7, 1, 1);
        byte[] cas = StoreCommand.compareAndSet("c", null, "1").encode(first);
        StoreResponse applied = StoreResponse.decode(StoreCommand.Op.CAS, machine.apply(cas, 0, cas.length, true));
        assertThat(applied.swapped()).isTrue();
        apply(machine, StoreCommand.put("c", "changed by someone else"));

        // the same entry again, as when the client re-sent it to a new leader and both copies got committed
        StoreResponse resent = StoreResponse.decode(StoreCommand.Op.CAS, machine.apply(cas, 0, cas.length, true));
        assertThat(resent).isEqualTo(applied);
        assertThat(machine.localValue("c")).isEqualTo("changed by someone else");
        assertThat(machine.resendsAnswered()).isEqualTo(1);

        // once the client reports request 1 finished, its result is forgotten, and a late copy is refused
        byte[] next = StoreCommand.put("d", "x").encode(new RequestId(7, 2, 2));
        machine.apply(next, 0, next.length, false);
        StoreResponse late = StoreResponse.decode(StoreCommand.Op.CAS, machine.apply(cas, 0, cas.length, true));
        assertThat(late.error()).contains("not applied");
        assertThat(machine.localValue("c")).isEqualTo("changed by someone else");
    }

    @Test
    void entriesWithoutARequestIdStillApply() throws IOException {
        KeyValueStateMachine machine = new KeyValueStateMachine();
        byte[] old = StoreCommand.put("k", "v").encode(); // the format of the versions before client sessions
        assertThat(old[0]).isEqualTo((byte) 1);
        machine.apply(old, 0, old.length, false);
        machine.apply(old, 0, old.length, false);
        assertThat(machine.localValue("k")).isEqualTo("v");
        assertThat(machine.resendsAnswered()).isZero();
    }

    @Test
    void anEntryThatCannotBeDecodedStopsTheCopyThere() throws IOException {
        KeyValueStateMachine machine = new KeyValueStateMachine();
        byte[] bad = {1, 0x7f, 0, 0, 0};
        assertThat(StoreResponse.decode(StoreCommand.Op.GET, machine.apply(bad, 0, bad.length, true)).error())
                .contains("cannot be decoded", "corrupt string length", "Repair:");
        StoreResponse after = apply(machine, StoreCommand.put("k", "v"));
        assertThat(after.error()).contains("stopped applying the log");
        assertThat(machine.localValue("k")).isNull();
    }

    @Test
    void sessionsSurviveASnapshot() throws Exception {
        KeyValueStateMachine machine = new KeyValueStateMachine();
        byte[] put = StoreCommand.put("k", "1").encode(new RequestId(9, 1, 1));
        machine.apply(put, 0, put.length, false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        machine.writeContentTo(new DataOutputStream(bytes));

        KeyValueStateMachine restored = new KeyValueStateMachine();
        restored.readContentFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        apply(restored, StoreCommand.put("k", "2"));
        StoreResponse resent = StoreResponse.decode(StoreCommand.Op.PUT, restored.apply(put, 0, put.length, true));
        assertThat(resent.value()).as("the first result: no previous value").isNull();
        assertThat(restored.localValue("k")).isEqualTo("2");
        assertThat(restored.sessions()).isEqualTo(1);
    }

    @Test
    void aSnapshotOfTheFormerFormatStillLoads() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeInt(1);
            StoreCommand.Strings.write(out, "k");
            StoreCommand.Strings.write(out, "v");
        }
        KeyValueStateMachine restored = new KeyValueStateMachine();
        restored.readContentFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(restored.localValue("k")).isEqualTo("v");
    }

    private static StoreResponse apply(KeyValueStateMachine machine, StoreCommand command) throws IOException {
        byte[] encoded = command.encode();
        return StoreResponse.decode(command.op(), machine.apply(encoded, 0, encoded.length, true));
    }

    /** Puts the bytes at an offset inside a larger buffer, as jgroups-raft passes log entries. */
    private static byte[] frame(byte[] payload) {
        byte[] framed = new byte[payload.length + 5];
        System.arraycopy(payload, 0, framed, 3, payload.length);
        return framed;
    }
}
