package io.conclave.shell;

import io.conclave.election.ConclaveException;
import io.conclave.peer.RaftMembers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigFlagsTest {

    @Test
    void aCoreMessageReadsAsTheFlagsThatSetTheFields() {
        String core = catchThrowableOfType(() -> RaftMembers.parse("A,B,A"), ConclaveException.class).getMessage();

        assertThat(core).isEqualTo("PeerConfig.members lists A twice; name each voting member once, e.g. PeerConfig.members=A,B,C");
        assertThat(ConfigFlags.inFlags(core))
                .isEqualTo("--members lists A twice; name each voting member once, e.g. --members A,B,C");
    }

    @Test
    void aBooleanFieldSetToTrueIsTheFlagAlone() {
        assertThat(ConfigFlags.inFlags("or pass PeerConfig.learner=true to join as a learner"))
                .isEqualTo("or pass --learner to join as a learner");
    }

    @Test
    void eachFieldIsReadWhole() {
        assertThat(ConfigFlags.inFlags("PeerConfig.admin=0.0.0.0:8080 needs PeerConfig.adminTokenFile=FILE (PeerConfig.dataDir)"))
                .isEqualTo("--admin 0.0.0.0:8080 needs --admin-token FILE (--data-dir)");
    }

    @Test
    void aFieldWithoutAFlagAndOtherTextAreLeftAlone() {
        assertThat(ConfigFlags.inFlags("PeerConfig.nothing=1 and --port 7800 stay; $1 \\ too"))
                .isEqualTo("PeerConfig.nothing=1 and --port 7800 stay; $1 \\ too");
    }
}
