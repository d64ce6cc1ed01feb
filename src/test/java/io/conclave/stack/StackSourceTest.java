package io.conclave.stack;

import io.conclave.election.ConclaveException;
import io.conclave.election.Mode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackSourceTest {

    @Test
    void everyFileInStacksIsBundledAndStartsWithADescription() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("stacks"))) {
            assertThat(files.map(p -> p.getFileName().toString().replace(".xml", "")))
                    .containsExactlyInAnyOrderElementsOf(StackSource.BUNDLED);
        }
        for (String name : StackSource.BUNDLED) {
            StackDefinition stack = StackSource.load(name);
            assertThat(stack.description()).as(name).isNotBlank();
            assertThat(Files.readString(Path.of("stacks", name + ".xml")).strip()).as(name).startsWith("<!--");
            assertThat(stack.find("pbcast.GMS").orElseThrow().attributes())
                    .containsEntry("print_local_addr", "false")
                    .containsEntry("membership_change_policy", "org.jgroups.stack.LargestWinningPolicy");
            assertThat(stack.protocols().get(0).attributes()).as(name).containsEntry("diag.enabled", "false");
        }
    }

    @Test
    void modeIsDecidedByTheStackAlone() {
        assertThat(StackSource.load("udp").mode()).isEqualTo(Mode.COORDINATOR);
        assertThat(StackParser.parse("x", "<config><UDP/><raft.RAFT/></config>").mode()).isEqualTo(Mode.RAFT);
    }

    @Test
    void parserKeepsLinesAttributesAndTheLeadingComment() {
        StackDefinition stack = StackParser.parse("s.xml", """
                <!-- First line says what it is for.
                     More detail. -->
                <config xmlns="urn:org:jgroups">
                    <UDP mcast_port="1"/>
                    <pbcast.GMS join_timeout="1s"/>
                </config>
                """);
        assertThat(stack.description()).isEqualTo("First line says what it is for.");
        assertThat(stack.protocols()).extracting(ProtocolSpec::name).containsExactly("UDP", "pbcast.GMS");
        assertThat(stack.find("GMS").orElseThrow().line()).isEqualTo(5);
        assertThat(stack.at(stack.find("UDP").orElseThrow())).isEqualTo("s.xml:4");
    }

    @Test
    void aMissingCloseTagIsAnErrorWithTheLine() {
        assertThatThrownBy(() -> StackParser.parse("s.xml", "<config>\n<UDP/>\n<PING/>\n"))
                .isInstanceOf(ConclaveException.class).hasMessageStartingWith("s.xml:4: malformed XML");
    }

    @Test
    void placeholdersPreferPeerSettingsThenSystemPropertiesThenEnvironmentThenDefaults() {
        StackDefinition stack = StackParser.parse("s.xml", "<config>\n<UDP/></config>");
        ProtocolSpec udp = stack.protocols().get(0);
        Map<String, String> environment = Map.of("a", "env", "conclave.test.b", "env", "C_ENV", "env");
        Placeholders placeholders = new Placeholders(Map.of("a", "peer"), environment);
        System.setProperty("conclave.test.b", "system");
        try {
            assertThat(placeholders.resolve("${a:d}", stack, udp, "x")).isEqualTo("peer");
            assertThat(placeholders.resolve("${conclave.test.b:d}", stack, udp, "x")).isEqualTo("system");
            assertThat(placeholders.resolve("${C_ENV:d}", stack, udp, "x")).isEqualTo("env");
            assertThat(placeholders.resolve("${unset:d}", stack, udp, "x")).isEqualTo("d");
            // like JGroups: each name is looked up everywhere before the next name is tried
            assertThat(placeholders.resolve("${C_ENV,a:d}", stack, udp, "x")).isEqualTo("env");
            assertThat(placeholders.resolve("${unset,a:d}", stack, udp, "x")).isEqualTo("peer");
            assertThat(placeholders.resolve("[${unset:site_local,loopback}]", stack, udp, "x")).isEqualTo("[site_local,loopback]");
            assertThatThrownBy(() -> placeholders.resolve("${unset}", stack, udp, "x"))
                    .isInstanceOf(ConclaveException.class)
                    .hasMessageStartingWith("s.xml:2: UDP x=\"${unset}\" uses ${unset}, which has no value")
                    .hasMessageContaining("PeerConfig.settings unset=value").hasMessageContaining("environment variable unset");
        } finally {
            System.clearProperty("conclave.test.b");
        }
    }

    @Test
    void theRealEnvironmentIsConsulted() {
        StackDefinition stack = StackParser.parse("s.xml", "<config><UDP/></config>");
        String path = System.getenv("PATH");
        assertThat(path).as("PATH is set for the test JVM").isNotNull();
        assertThat(new Placeholders(Map.of()).resolve("${PATH}", stack, stack.protocols().get(0), "x")).isEqualTo(path);
    }

    @Test
    void stacksShippedInsideTheLibraryJarsLoadByClasspathName() {
        assertThat(StackSource.load("classpath:udp.xml").find("UDP")).isPresent();
        assertThat(StackSource.load("classpath:raft.xml").mode()).isEqualTo(Mode.RAFT);
        assertThatThrownBy(() -> StackSource.load("classpath:nope.xml"))
                .isInstanceOf(ConclaveException.class).hasMessageContaining("no stack nope.xml on the classpath");
    }
}
