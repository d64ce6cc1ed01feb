package io.conclave.security;

import org.jgroups.BytesMessage;
import org.jgroups.Message;
import org.jgroups.stack.IpAddress;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The seal itself, without a network: what opens, and why everything else does not. */
class SealTest {

    private final ClusterSecret secret = ClusterSecret.generate();
    private final List<Refusal> refusals = new ArrayList<>();
    private final UUID alice = UUID.randomUUID();
    private SEAL sender;
    private SEAL receiver;

    @BeforeEach
    void setUp() throws Exception {
        sender = seal(secret);
        receiver = seal(secret);
    }

    private SEAL seal(ClusterSecret s) throws Exception {
        SEAL seal = new SEAL().secret(s).onRefusal(refusals::add);
        seal.init();
        return seal;
    }

    private Message plain(String text) {
        return new BytesMessage(null, text.getBytes(StandardCharsets.UTF_8)).setSrc(alice);
    }

    @Test
    void aSealedMessageOpensOnceWithItsHeadersAndHidesItsPayload() throws Exception {
        Message sealed = sender.seal(plain("the value 4242"));
        assertThat(new String(sealed.getArray(), StandardCharsets.ISO_8859_1)).doesNotContain("4242");
        Message opened = receiver.open(sealed, alice);
        assertThat(opened).isNotNull();
        assertThat(new String(opened.getArray(), opened.getOffset(), opened.getLength(), StandardCharsets.UTF_8)).isEqualTo("the value 4242");
        assertThat(opened.src()).isEqualTo(alice);
        assertThat(receiver.open(sealed, alice)).as("replay").isNull();
        assertThat(receiver.replayed()).isEqualTo(1);
        assertThat(refusals).isEmpty();
    }

    @Test
    void anyAlteredByteIsRefusedAsForged() throws Exception {
        Message sealed = sender.seal(plain("payload"));
        for (int i = SEAL.MAGIC.length + SEAL.KEY_ID_LENGTH; i < sealed.getLength(); i += 7) {
            byte[] copy = sealed.getArray().clone();
            copy[sealed.getOffset() + i] ^= 0x01;
            Message altered = new BytesMessage(null, copy).setSrc(alice);
            assertThat(receiver.open(altered, alice)).as("byte %d", i).isNull();
        }
        assertThat(refusals).isNotEmpty().allMatch(r -> r.kind() == Refusal.Kind.FORGED);
    }

    @Test
    void anotherSecretAndNoSecretAreToldApart() throws Exception {
        Message foreign = seal(ClusterSecret.generate()).seal(plain("x"));
        assertThat(receiver.open(foreign, alice)).isNull();
        assertThat(receiver.open(plain("x"), alice)).isNull();
        assertThat(refusals).extracting(Refusal::kind).containsExactly(Refusal.Kind.OTHER_SECRET, Refusal.Kind.UNSEALED);
    }

    @Test
    void aFrameReAddressedToAnotherSenderIsRefused() throws Exception {
        Message sealed = sender.seal(plain("x"));
        UUID mallory = UUID.randomUUID();
        assertThat(receiver.open(sealed.setSrc(mallory), mallory)).isNull();
        assertThat(refusals).extracting(Refusal::kind).containsExactly(Refusal.Kind.FORGED);
    }

    @Test
    void aFrameForAnotherMemberIsRefusedButOneForAHostAndPortOpens() throws Exception {
        UUID bob = UUID.randomUUID();
        receiver.addr(bob);
        assertThat(receiver.open(sender.seal(plain("x").setDest(UUID.randomUUID())), alice)).as("for someone else").isNull();
        assertThat(receiver.open(sender.seal(plain("x").setDest(bob)), alice)).as("for bob").isNotNull();
        // TCPPING's discovery goes to host:port, which may be any of bob's names for himself
        Message discovery = plain("x").setDest(new IpAddress("127.0.0.1", 7800));
        assertThat(receiver.open(sender.seal(discovery), alice)).as("for a host and port").isNotNull();
        assertThat(refusals).extracting(Refusal::kind).containsExactly(Refusal.Kind.FORGED);
    }

    @Test
    void reorderedFramesWithinTheWindowOpenAndOldOnesDoNot() throws Exception {
        List<Message> frames = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            frames.add(sender.seal(plain("m" + i)));
        }
        assertThat(receiver.open(frames.get(1099), alice)).isNotNull();
        assertThat(receiver.open(frames.get(500), alice)).isNotNull();
        assertThat(receiver.open(frames.get(10), alice)).as("older than the window").isNull();
        assertThat(receiver.open(frames.get(500), alice)).as("replay").isNull();
    }

    @Test
    void secretFilesRoundTripAndDifferentSecretsHaveDifferentFingerprints() {
        assertThat(secret.fingerprint()).hasSize(16).isNotEqualTo(ClusterSecret.generate().fingerprint());
        assertThat(secret.toString()).contains(secret.fingerprint());
    }
}
