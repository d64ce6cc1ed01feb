package io.conclave.election;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PeerConfigTest {

    @Test
    void theSecretFileSurvivesSettingsGivenAfterIt() {
        Path secret = Path.of("/keys/cluster.secret");
        assertThat(PeerConfig.builder().name("A").secretFile(secret).settings(Map.of("x", "1")).build().secretFile())
                .isEqualTo(secret);
        assertThat(PeerConfig.builder().name("A").settings(Map.of("x", "1")).secretFile(secret).build().settings())
                .containsEntry("x", "1").containsEntry(PeerConfig.SECRET_FILE, secret.toString());
    }

    @Test
    void anExplicitSecretFileWinsOverOneInTheSettingsAndNullRemovesIt() {
        Map<String, String> settings = Map.of(PeerConfig.SECRET_FILE, "/old.secret");
        assertThat(PeerConfig.builder().name("A").secretFile(Path.of("/new.secret")).settings(settings).build().secretFile())
                .isEqualTo(Path.of("/new.secret"));
        assertThat(PeerConfig.builder().name("A").settings(settings).secretFile(null).build().secretFile()).isNull();
        assertThat(PeerConfig.builder().name("A").settings(settings).build().secretFile()).isEqualTo(Path.of("/old.secret"));
    }
}
