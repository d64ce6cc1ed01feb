package io.conclave.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import io.conclave.support.Cli.Outcome;

import static io.conclave.support.Cli.assertOneClearLine;
import static io.conclave.support.Cli.peer;
import static io.conclave.support.Cli.run;
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

    private Path stackFile(String xml) throws IOException {
        Path file = dir.resolve("stack-" + UUID.randomUUID() + ".xml");
        Files.writeString(file, xml);
        return file;
    }

    @Test
    void aDnsStackWithoutANameSaysHowToGiveOne() {
        assertOneClearLine(peer(dir, "--stack", "dns"), "dns:", "${dns_query,DNS_QUERY}", "has no value",
                "--set dns_query=value", "environment variable dns_query");
    }

    @Test
    void routerPortOutOfRangeOrAddressNotOfThisHost() {
        assertOneClearLine(run("router", "--port", "70000", "--log-file", dir.resolve("router.log").toString()),
                "--port 70000 is out of range");
        assertOneClearLine(run("router", "--bind-addr", "192.0.2.1", "--port", "12001", "--log-file", dir.resolve("router.log").toString()),
                "cannot listen on 192.0.2.1:12001 (--bind-addr, --port)");
    }

    @Test
    void missingStackFile() {
        assertOneClearLine(peer(dir, "--stack", dir.resolve("nope.xml").toString()), "nope.xml not found", "--stack", "udp");
    }

    @Test
    void emptyStackFile() throws IOException {
        Path file = stackFile("  \n");
        assertOneClearLine(peer(dir, "--stack", file.toString()), file.toString(), "empty");
    }

    @Test
    void malformedXmlNamesFileAndLine() throws IOException {
        Path file = stackFile("<config>\n    <UDP bind_port=\"0\"\n    <PING/>\n</config>\n");
        assertOneClearLine(peer(dir, "--stack", file.toString()), file + ":3: malformed XML");
    }

    @Test
    void unknownProtocolNamesFileAndLine() throws IOException {
        Path file = stackFile("<config>\n    <UDP/>\n    <FD_NONSENSE/>\n" + GOOD_TAIL);
        assertOneClearLine(peer(dir, "--stack", file.toString()), file + ":3: unknown protocol <FD_NONSENSE>");
    }

    @Test
    void unknownAttributeNamesFileLineAndAttribute() throws IOException {
        Path file = stackFile("<config>\n    <UDP mcast_port=\"45999\"/>\n    <MERGE3 max_intervall=\"2s\"/>\n" + GOOD_TAIL);
        assertOneClearLine(peer(dir, "--stack", file.toString()), file + ":3 <MERGE3>", "max_intervall");
    }

    @Test
    void badAttributeValueNamesFileLineAndValue() throws IOException {
        Path file = stackFile("<config>\n    <UDP/>\n    <FD_ALL3 timeout=\"soon\"/>\n" + GOOD_TAIL);
        assertOneClearLine(peer(dir, "--stack", file.toString()), file + ":3 <FD_ALL3>", "soon");
    }

    @Test
    void unresolvedPlaceholderNamesFileLineAndVariable() throws IOException {
        Path file = stackFile("<config>\n    <UDP mcast_port=\"${no.such.port}\"/>\n" + GOOD_TAIL);
        assertOneClearLine(peer(dir, "--stack", file.toString()), file + ":2", "${no.such.port}", "-Dno.such.port=");
    }

    @Test
    void bindAddressNotOnThisHost() {
        assertOneClearLine(peer(dir, "--bind-addr", "203.0.113.77"), "--bind-addr 203.0.113.77 is not an address of this host", "127.0.0.1");
    }

    @Test
    void requestedPortInUse() throws IOException {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertOneClearLine(peer(dir, "--port", String.valueOf(port)), "port " + port, "in use", "--port");
        }
    }

    @Test
    void invalidPeerName() {
        assertOneClearLine(peer(dir, "--name", "A B"), "invalid peer name 'A B'", "--name");
        assertOneClearLine(peer(dir, "--name", "A,B"), "invalid peer name 'A,B'");
        assertOneClearLine(peer(dir, "--name", ""), "the name is empty");
        assertOneClearLine(peer(dir, "--name", "x".repeat(65)), "at most 64");
    }

    @Test
    void malformedMembers() {
        assertOneClearLine(peer(dir, "--members", "A,,B"), "--members", "'A,,B'");
        assertOneClearLine(peer(dir, "--members", "A,A,B"), "--members", "twice");
    }

    @Test
    void raftNameOutsideTheMembers() {
        assertOneClearLine(peer(dir, "--stack", "raft-udp", "--name", "D", "--members", "A,B,C"),
                "peer D (--name) is not one of the voting members A,B,C (--members)", "--learner");
    }

    @Test
    void badOptionValueAndUnknownOption() {
        assertOneClearLine(peer(dir, "--events", "xml"), "--events", "xml");
        assertOneClearLine(run("peer", "--nme", "A"), "--nme");
    }

    @Test
    void labMembersThatAreNotLabPeers() {
        assertOneClearLine(run("lab", "--stack", "raft-udp", "--peers", "2", "--members", "A,Z",
                "--data-dir", dir.resolve("lab").toString()), "--members A,Z names Z, not a peer of this lab; its peers are A,B");
    }

    @Test
    void missingScript() {
        assertOneClearLine(run("peer", "--name", "A", "--script", dir.resolve("no.script").toString(),
                "--data-dir", dir.resolve("data").toString()), "no.script", "--script", "no such file");
    }

    @Test
    void logAndRecordFilesThatCannotBeWrittenAreRefusedBeforeAnythingRuns() throws IOException {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        String underAFile = file.resolve("conclave.log").toString();
        assertOneClearLine(peer(dir, "--log-file", underAFile), "directory " + file + " (--log-file) is a file");
        assertOneClearLine(peer(dir, "--log-file", dir.toString()), "log file " + dir + " (--log-file) is a directory");
        assertOneClearLine(run("lab", "--peers", "1", "--log-file", underAFile, "--data-dir", dir.resolve("lab").toString()),
                "directory " + file + " (--log-file) is a file");
        assertOneClearLine(run("lab", "--peers", "1", "--data-dir", file.resolve("lab").toString()),
                "cannot create data directory " + file.resolve("lab") + " (--data-dir)");
        assertOneClearLine(run("lab", "--peers", "1", "--record", dir.toString(), "--data-dir", dir.resolve("lab").toString()),
                "record file " + dir + " (--record) is a directory");
        assertOneClearLine(run("bench", "failover", "--trials", "1", "--log-file", underAFile),
                "directory " + file + " (--log-file) is a file");
    }

    @Test
    void durationsAboveTheirBoundAndBenchOptionsOutOfRange() {
        assertOneClearLine(run("bench", "writes", "--duration", "25h"), "--duration", "'25h' is longer than 24h");
        assertOneClearLine(run("bench", "writes", "--duration", "99999999999999999999999m"), "--duration", "longer than 24h");
        assertOneClearLine(run("bench", "writes", "--duration", "0s"), "--duration must be at least 1s");
        assertOneClearLine(run("bench", "writes", "--clients", "5000"), "--clients must be between 1 and 1024, but was 5000");
        assertOneClearLine(run("bench", "failover", "--hold", "9999999999m"), "--hold", "longer than 24h");
        assertOneClearLine(run("bench", "failover", "--trials", "1001"), "--trials must be between 1 and 1000, but was 1001");
    }

    @Test
    void aShellCommandWithAnOverlongDurationFailsInOneLineAndTheNextCommandStillRuns() {
        for (String sleep : List.of("sleep 25h", "sleep 99999999999999999999999m", "await leader 9999999999h")) {
            Outcome outcome = peer(dir, "-c", sleep, "-c", "status");
            assertThat(outcome.code()).as(outcome.err()).isEqualTo(1);
            assertThat(outcome.err().strip().lines()).as(outcome.err()).singleElement().asString()
                    .contains("longer than 24h").doesNotContain("Exception");
            assertThat(outcome.out()).as("status after the failed command").contains("A");
        }
    }

    @Test
    void aStoreTimeoutAboveItsBoundFailsInOneLine() {
        Outcome outcome = peer(dir, "--stack", "raft-udp", "--members", "A", "-c", "put k v --timeout 25h", "-c", "get k --stale");
        assertThat(outcome.code()).as(outcome.err()).isEqualTo(1);
        assertThat(outcome.err().strip().lines()).as(outcome.err()).singleElement().asString()
                .contains("--timeout", "'25h' is longer than 24h").doesNotContain("Exception");
    }

    @Test
    void faultCommandsOnAPeerStartedWithoutAllowFaultsAreRefusedInOneLine() {
        Outcome outcome = peer(dir, "-c", "partition A / B", "-c", "isolate B", "-c", "heal", "-c", "faults");
        assertThat(outcome.code()).isEqualTo(1);
        assertThat(outcome.err().strip().lines()).hasSize(3)
                .allMatch(line -> line.contains("this peer does not allow fault injection: start it with --allow-faults"));
        assertThat(outcome.out()).contains("fault injection off");
    }

    @Test
    void starIsNotAPeerName() {
        assertOneClearLine(peer(dir, "--name", "*"), "invalid peer name '*'", "stands for every other peer");
    }

    @Test
    void writesDuringAFailoverNeedARaftStackAndAFaultTheyCanRideThrough() {
        assertOneClearLine(run("bench", "failover", "--writes", "--stack", "udp"), "--writes needs a raft stack", "udp");
        assertOneClearLine(run("bench", "failover", "--writes", "--stack", "raft-udp", "--fault", "pause"),
                "--writes works with --fault kill, leave, partition or partition-reset");
        assertOneClearLine(run("bench", "failover", "--writes", "--writers", "0", "--stack", "raft-udp"),
                "--writers must be at least 1");
    }
}
