package io.conclave.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every mistake ends in one line on stderr that names what was wrong, exit code 2, and no stack trace. */
class BadInputTest {

    @TempDir
    Path dir;

    private static final String GOOD_TAIL = """
                <PING/>
                <pbcast.NAKACK2/>
                <UNICAST3/>
                <pbcast.GMS print_local_addr="false"/>
            </config>
            """;

    record Outcome(int code, String err) {
    }

    private Outcome conclave(String... args) {
        PrintStream savedErr = System.err;
        PrintStream savedOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Outcome(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(savedErr);
            System.setOut(savedOut);
        }
    }

    /** {@code conclave peer} with sane defaults for every option that {@code overrides} does not set. */
    private Outcome peer(String... overrides) {
        List<String> args = new ArrayList<>(List.of("peer"));
        args.addAll(List.of(overrides));
        List<String> defaults = List.of("--name", "A", "--cluster", "bad-" + UUID.randomUUID(),
                "--bind-addr", "127.0.0.1", "--data-dir", dir.resolve("data").toString(), "-c", "status");
        for (int i = 0; i < defaults.size(); i += 2) {
            if (!args.contains(defaults.get(i))) {
                args.addAll(defaults.subList(i, i + 2));
            }
        }
        return conclave(args.toArray(String[]::new));
    }

    private Path stackFile(String xml) throws IOException {
        Path file = dir.resolve("stack-" + UUID.randomUUID() + ".xml");
        Files.writeString(file, xml);
        return file;
    }

    private static void assertOneClearLine(Outcome outcome, String... fragments) {
        assertThat(outcome.code()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err().strip().lines()).as(outcome.err()).hasSize(1);
        assertThat(outcome.err()).contains(fragments).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void missingStackFile() {
        assertOneClearLine(peer("--stack", dir.resolve("nope.xml").toString()), "nope.xml not found", "--stack", "udp");
    }

    @Test
    void emptyStackFile() throws IOException {
        Path file = stackFile("  \n");
        assertOneClearLine(peer("--stack", file.toString()), file.toString(), "empty");
    }

    @Test
    void malformedXmlNamesFileAndLine() throws IOException {
        Path file = stackFile("<config>\n    <UDP bind_port=\"0\"\n    <PING/>\n</config>\n");
        assertOneClearLine(peer("--stack", file.toString()), file + ":3: malformed XML");
    }

    @Test
    void unknownProtocolNamesFileAndLine() throws IOException {
        Path file = stackFile("<config>\n    <UDP/>\n    <FD_NONSENSE/>\n" + GOOD_TAIL);
        assertOneClearLine(peer("--stack", file.toString()), file + ":3: unknown protocol <FD_NONSENSE>");
    }

    @Test
    void unknownAttributeNamesFileLineAndAttribute() throws IOException {
        Path file = stackFile("<config>\n    <UDP mcast_port=\"45999\"/>\n    <MERGE3 max_intervall=\"2s\"/>\n" + GOOD_TAIL);
        assertOneClearLine(peer("--stack", file.toString()), file + ":3 <MERGE3>", "max_intervall");
    }

    @Test
    void badAttributeValueNamesFileLineAndValue() throws IOException {
        Path file = stackFile("<config>\n    <UDP/>\n    <FD_ALL3 timeout=\"soon\"/>\n" + GOOD_TAIL);
        assertOneClearLine(peer("--stack", file.toString()), file + ":3 <FD_ALL3>", "soon");
    }

    @Test
    void unresolvedPlaceholderNamesFileLineAndVariable() throws IOException {
        Path file = stackFile("<config>\n    <UDP mcast_port=\"${no.such.port}\"/>\n" + GOOD_TAIL);
        assertOneClearLine(peer("--stack", file.toString()), file + ":2", "${no.such.port}", "-Dno.such.port=");
    }

    @Test
    void bindAddressNotOnThisHost() {
        assertOneClearLine(peer("--bind-addr", "203.0.113.77"), "--bind-addr 203.0.113.77 is not an address of this host", "127.0.0.1");
    }

    @Test
    void requestedPortInUse() throws IOException {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertOneClearLine(peer("--port", String.valueOf(port)), "port " + port, "in use", "--port");
        }
    }

    @Test
    void invalidPeerName() {
        assertOneClearLine(peer("--name", "A B"), "invalid peer name 'A B'", "--name");
        assertOneClearLine(peer("--name", "A,B"), "invalid peer name 'A,B'");
        assertOneClearLine(peer("--name", ""), "the name is empty");
        assertOneClearLine(peer("--name", "x".repeat(65)), "at most 64");
    }

    @Test
    void malformedMembers() {
        assertOneClearLine(peer("--members", "A,,B"), "--members", "'A,,B'");
        assertOneClearLine(peer("--members", "A,A,B"), "--members", "twice");
    }

    @Test
    void badOptionValueAndUnknownOption() {
        assertOneClearLine(peer("--events", "xml"), "--events", "xml");
        assertOneClearLine(conclave("peer", "--nme", "A"), "--nme");
    }

    @Test
    void missingScript() {
        assertOneClearLine(conclave("peer", "--name", "A", "--script", dir.resolve("no.script").toString(),
                "--data-dir", dir.resolve("data").toString()), "no.script", "--script", "no such file");
    }
}
