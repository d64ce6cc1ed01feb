package io.conclave.security;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.jgroups.BytesMessage;
import org.jgroups.Message;
import org.jgroups.util.UUID;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the seal over arbitrary payloads: what is sealed opens once, unchanged; any change is refused. */
class SealPropertyTest {

    private static final ClusterSecret SECRET = ClusterSecret.generate();
    private static final UUID ALICE = UUID.randomUUID();

    private static SEAL seal(List<Refusal> refusals) {
        try {
            SEAL seal = new SEAL().secret(SECRET).onRefusal(refusals::add);
            seal.init();
            return seal;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Message plain(byte[] payload) {
        return new BytesMessage(null, payload).setSrc(ALICE);
    }

    private static byte[] payload(Message msg) {
        return Arrays.copyOfRange(msg.getArray(), msg.getOffset(), msg.getOffset() + msg.getLength());
    }

    @Property(tries = 200)
    void whatIsSealedOpensOnceAndUnchanged(@ForAll @Size(max = 2000) byte[] payload) throws Exception {
        List<Refusal> refusals = new ArrayList<>();
        SEAL sender = seal(refusals);
        SEAL receiver = seal(refusals);
        Message sealed = sender.seal(plain(payload));
        Message opened = receiver.open(sealed, ALICE);
        assertThat(opened).isNotNull();
        assertThat(payload(opened)).isEqualTo(payload);
        assertThat(receiver.open(sealed, ALICE)).as("a replay").isNull();
        assertThat(refusals).isEmpty();
    }

    @Property(tries = 300)
    void anyFlippedBitAfterTheMagicIsRefused(@ForAll @Size(min = 1, max = 500) byte[] payload,
                                              @ForAll @IntRange(min = 0, max = 1 << 20) int where, @ForAll @IntRange(min = 0, max = 7) int bit)
            throws Exception {
        List<Refusal> refusals = new ArrayList<>();
        SEAL sender = seal(refusals);
        SEAL receiver = seal(refusals);
        Message sealed = sender.seal(plain(payload));
        byte[] frame = payload(sealed);
        int at = SEAL.MAGIC.length + where % (frame.length - SEAL.MAGIC.length);
        frame[at] ^= (byte) (1 << bit);
        assertThat(receiver.open(new BytesMessage(null, frame).setSrc(ALICE), ALICE)).isNull();
        assertThat(refusals).hasSize(1);
        Refusal.Kind expected = at < SEAL.MAGIC.length + SEAL.KEY_ID_LENGTH ? Refusal.Kind.OTHER_SECRET : Refusal.Kind.FORGED;
        assertThat(refusals.get(0).kind()).isEqualTo(expected);
    }

    @Property(tries = 50)
    void truncatedOrExtendedFramesAreRefused(@ForAll @Size(min = 1, max = 300) byte[] payload, @ForAll("cuts") int cut)
            throws Exception {
        List<Refusal> refusals = new ArrayList<>();
        SEAL sender = seal(refusals);
        SEAL receiver = seal(refusals);
        byte[] frame = payload(sender.seal(plain(payload)));
        byte[] changed = cut < 0 ? Arrays.copyOf(frame, Math.max(0, frame.length + cut)) : Arrays.copyOf(frame, frame.length + cut);
        assertThat(receiver.open(new BytesMessage(null, changed).setSrc(ALICE), ALICE)).isNull();
        assertThat(refusals).hasSize(1);
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-400, -1), Arbitraries.integers().between(1, 64));
    }

    /** Nonces come from the generator, not from the counter: the same message sealed twice never shares one. */
    @Property(tries = 5)
    void noNonceRepeats(@ForAll @Size(min = 1, max = 50) byte[] payload) throws Exception {
        List<Refusal> refusals = new ArrayList<>();
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            SEAL sender = seal(refusals); // a fresh incarnation each time, counter at 0 each time
            byte[] frame = payload(sender.seal(plain(payload)));
            int from = SEAL.FIXED_HEADER - 1 - SEAL.NONCE_LENGTH;
            assertThat(nonces.add(Arrays.toString(Arrays.copyOfRange(frame, from, from + SEAL.NONCE_LENGTH)))).isTrue();
        }
    }
}
