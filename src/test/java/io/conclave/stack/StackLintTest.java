package io.conclave.stack;

import io.conclave.election.ConclaveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lint on small stacks, no network: every broken stack JGroups would start is refused with file:line and a fix. */
class StackLintTest {

    private static final String UDP = "    <UDP diag.enabled=\"false\"/>\n";
    private static final String BASE = """
                <PING/>
                <pbcast.NAKACK2/>
                <UNICAST3/>
                <pbcast.GMS/>
            """;

    private static List<String> lint(String origin, String body) {
        return StackLint.check(StackParser.parse(origin, "<config>\n" + body + "</config>\n"));
    }

    private static void refused(String origin, String body, String... fragments) {
        assertThatThrownBy(() -> lint(origin, body)).isInstanceOf(ConclaveException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments).doesNotContain("\n"));
    }

    @Test
    void aMinimalSoundStackPasses() {
        assertThat(lint("my.xml", UDP + BASE)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "udp-large", "tcp", "quorum-udp", "secure-udp", "secure-tcp", "raft-udp", "raft-tcp", "secure-raft-udp"})
    void everyBundledStackPassesWithoutWarnings(String name) {
        assertThat(StackLint.check(StackSource.load(name))).isEmpty();
    }

    @Test
    void eagerMergeOverJGroupsOwnMerge3IsAWarning() {
        String eager = "    <io.conclave.merge.EAGER_MERGE/>\n";
        assertThat(lint("m.xml", UDP + BASE.replace("<PING/>\n", "<PING/>\n" + eager + "    <MERGE3/>\n")))
                .containsExactly("m.xml:5: <MERGE3> with io.conclave.merge.EAGER_MERGE: MERGE3 runs its view check beside"
                        + " EAGER_MERGE's, and now and then the two lose a merge; write <io.conclave.merge.SERIAL_MERGE3 .../>"
                        + " with the same attributes");
        assertThat(lint("m.xml", UDP + BASE.replace("<PING/>\n", "<PING/>\n" + eager + "    <io.conclave.merge.SERIAL_MERGE3/>\n")))
                .isEmpty();
        assertThat(lint("m.xml", UDP + BASE.replace("<PING/>\n", "<PING/>\n    <MERGE3/>\n"))).isEmpty();
    }

    @Test
    void jgroupsOwnStacksPassWithWarnings() {
        assertThat(StackLint.check(StackSource.load("classpath:udp.xml"))).anyMatch(w -> w.contains("diagnostics are on"));
        assertThat(StackLint.check(StackSource.load("classpath:tcp.xml"))).anyMatch(w -> w.contains("diag.enabled=\"false\""));
        assertThat(StackLint.check(StackSource.load("classpath:raft.xml")))
                .anyMatch(w -> w.contains("<raft.CLIENT>") && w.contains("unauthenticated"))
                .anyMatch(w -> w.contains("diagnostics are on"));
    }

    @Test
    void aLeaseNotShorterThanFailureDetectionIsRefused() {
        String quorum = "    <io.conclave.coordinator.QUORUM size=\"3\"/>\n";
        refused("my.xml", UDP + "    <PING/>\n    <FD_ALL3 timeout=\"2s\"/>\n    <pbcast.NAKACK2/>\n    <UNICAST3/>\n"
                        + "    <io.conclave.lease.LEASE duration=\"2000ms\"/>\n    <pbcast.GMS/>\n" + quorum,
                "my.xml:7: <io.conclave.lease.LEASE> duration 2000 ms is not shorter than FD_ALL3 timeout 2000 ms");
        // no LEASE declared: the one it gets at run time (1.5 s) must be shorter too
        refused("my.xml", UDP + "    <PING/>\n    <FD_ALL3 timeout=\"1s\"/>\n" + BASE.substring(BASE.indexOf("    <pbcast.NAKACK2"))
                        + quorum, "my.xml:4: <FD_ALL3> timeout 1000 ms is not longer than the default lease of 1500 ms");
        assertThat(lint("my.xml", UDP + "    <PING/>\n    <FD_ALL3 timeout=\"1s\"/>\n    <pbcast.NAKACK2/>\n"
                + "    <UNICAST3/>\n    <io.conclave.lease.LEASE duration=\"700ms\"/>\n    <pbcast.GMS/>\n" + quorum)).isEmpty();
    }

    @Test
    void transportMissingMisplacedOrTwice() {
        refused("my.xml", BASE, "my.xml: no transport", "UDP, TCP or TCP_NIO2");
        refused("my.xml", "    <PING/>\n" + UDP + "    <pbcast.NAKACK2/>\n    <UNICAST3/>\n    <pbcast.GMS/>\n",
                "my.xml:3: <UDP> is a transport but not the first protocol");
        refused("my.xml", UDP + "    <TCP/>\n" + BASE, "my.xml:3: <TCP> is a second transport");
    }

    @Test
    void membershipAndWhatItNeeds() {
        refused("my.xml", UDP + "    <PING/>\n    <pbcast.NAKACK2/>\n    <UNICAST3/>\n", "my.xml: no pbcast.GMS", "Add <pbcast.GMS/>");
        refused("my.xml", UDP + "    <pbcast.NAKACK2/>\n    <UNICAST3/>\n    <pbcast.GMS/>\n",
                "my.xml:2: <UDP> has no discovery protocol", "add <PING/>");
        refused("my.xml", UDP + "    <pbcast.NAKACK2/>\n    <UNICAST3/>\n    <pbcast.GMS/>\n    <PING/>\n",
                "my.xml:6: <PING> (discovery) is above pbcast.GMS");
        refused("my.xml", UDP + "    <PING/>\n    <UNICAST3/>\n    <pbcast.GMS/>\n", "<pbcast.GMS> has no reliable multicast", "NAKACK2");
        refused("my.xml", UDP + "    <PING/>\n    <pbcast.NAKACK2/>\n    <pbcast.GMS/>\n", "<pbcast.GMS> has no reliable unicast", "UNICAST3");
        refused("my.xml", UDP + BASE + "    <PING/>\n", "my.xml:7: <PING> appears twice (also on line 3)");
    }

    @Test
    void unterminatedPlaceholder() {
        refused("my.xml", "    <UDP diag.enabled=\"false\" mcast_port=\"${port\"/>\n" + BASE,
                "my.xml:2: <UDP> mcast_port=\"${port\" has an unterminated placeholder");
    }

    private static final String RAFT_BASE = UDP + """
                <PING/>
                <pbcast.NAKACK2/>
                <UNICAST3/>
                <raft.NO_DUPES/>
                <pbcast.GMS/>
            """;

    @Test
    void raftProtocolsInTheRightOrder() {
        assertThat(lint("r.xml", RAFT_BASE + "    <raft.ELECTION2/>\n    <raft.RAFT members=\"A,B,C\"/>\n    <raft.REDIRECT/>\n")).isEmpty();
        refused("r.xml", RAFT_BASE + "    <raft.RAFT members=\"A,B,C\"/>\n", "r.xml:8: <raft.RAFT> has no election protocol", "raft.ELECTION2");
        refused("r.xml", RAFT_BASE + "    <raft.RAFT members=\"A,B,C\"/>\n    <raft.ELECTION/>\n",
                "r.xml:9: <raft.ELECTION> is above raft.RAFT (line 8)");
        refused("r.xml", RAFT_BASE + "    <raft.REDIRECT/>\n    <raft.ELECTION2/>\n    <raft.RAFT members=\"A,B,C\"/>\n",
                "r.xml:8: <raft.REDIRECT> is below raft.RAFT");
        refused("r.xml", RAFT_BASE.replace("    <raft.NO_DUPES/>\n", "") + "    <raft.NO_DUPES/>\n    <raft.ELECTION2/>\n    <raft.RAFT members=\"A,B\"/>\n",
                "<raft.NO_DUPES> is above pbcast.GMS");
        refused("r.xml", UDP + BASE + "    <raft.ELECTION2/>\n", "<raft.ELECTION2> is a raft protocol but the stack has no raft.RAFT");
        assertThat(lint("r.xml", RAFT_BASE.replace("    <raft.NO_DUPES/>\n", "") + "    <raft.ELECTION2/>\n    <raft.RAFT members=\"A,B\"/>\n"))
                .anyMatch(w -> w.contains("without raft.NO_DUPES"));
    }

    @Test
    void anElectionProtocolOfOnesOwnIsKnownByItsClass() {
        assertThat(lint("r.xml", RAFT_BASE + "    <io.conclave.stack.OwnElection/>\n    <raft.RAFT members=\"A,B,C\"/>\n")).isEmpty();
        refused("r.xml", RAFT_BASE + "    <raft.RAFT members=\"A,B,C\"/>\n    <io.conclave.stack.OwnElection/>\n",
                "r.xml:9: <io.conclave.stack.OwnElection> is above raft.RAFT (line 8)");
        refused("r.xml", RAFT_BASE + "    <raft.ELECTION2/>\n    <io.conclave.stack.OwnElection/>\n    <raft.RAFT members=\"A,B,C\"/>\n",
                "r.xml:9: <io.conclave.stack.OwnElection> is a second election protocol (raft.ELECTION2 is on line 8)");
    }

    @Test
    void raftMembersEmptyOrTwice() {
        refused("r.xml", RAFT_BASE + "    <raft.ELECTION2/>\n    <raft.RAFT members=\"A,A,B\"/>\n", "r.xml:9: <raft.RAFT> members=\"A,A,B\" lists A twice");
        refused("r.xml", RAFT_BASE + "    <raft.ELECTION2/>\n    <raft.RAFT members=\"A,,B\"/>\n", "members=\"A,,B\" has an invalid name ''");
        refused("r.xml", RAFT_BASE + "    <raft.ELECTION2/>\n    <raft.RAFT members=\"\"/>\n", "members=\"\" is empty");
    }

    @Test
    void diagnosticsAndRaftClientAreWarningsInPlainStacksAndErrorsInSecureOnes() {
        String openDiag = "    <UDP/>\n" + BASE;
        assertThat(lint("my.xml", openDiag)).singleElement().asString().contains("my.xml:2: <UDP> diagnostics are on (JGroups' default)");
        refused("secure-my.xml", openDiag, "secure-my.xml:2: <UDP> diagnostics are on", "add diag.enabled=\"false\"");
        String client = RAFT_BASE + "    <raft.ELECTION2/>\n    <raft.RAFT members=\"A,B\"/>\n    <raft.CLIENT/>\n";
        assertThat(lint("r.xml", client)).anyMatch(w -> w.contains("<raft.CLIENT>"));
        String sealed = client.replace(UDP, UDP + "    <io.conclave.security.SEAL secret_file=\"${conclave.secret_file}\"/>\n");
        refused("r.xml", sealed, "<raft.CLIENT> opens a server socket that accepts unauthenticated commands");
    }

    @Test
    void insecureSettingsInAStackThatClaimsToBeSecure() {
        refused("my.xml", UDP + "    <SYM_ENCRYPT keystore_name=\"k.p12\"/>\n" + BASE, "<SYM_ENCRYPT> encrypts with AES, which the JDK runs in ECB mode");
        refused("my.xml", UDP + "    <SYM_ENCRYPT sym_algorithm=\"AES/GCM/NoPadding\"/>\n" + BASE, "cannot run AES/GCM/NOPADDING in JGroups 5.4");
        refused("my.xml", UDP + "    <SYM_ENCRYPT sym_algorithm=\"AES/CBC/PKCS5Padding\" sym_iv_length=\"16\"/>\n    <SERIALIZE/>\n" + BASE,
                "my.xml: the stack uses SYM_ENCRYPT", "header-only messages", "io.conclave.security.SEAL");
        refused("my.xml", UDP + "    <ASYM_ENCRYPT sym_algorithm=\"AES/CBC/PKCS5Padding\"/>\n" + BASE,
                "<ASYM_ENCRYPT> without AUTH or SSL_KEY_EXCHANGE hands the group key to anyone");
        refused("secure-mine.xml", UDP + BASE, "is named as secure but nothing encrypts");
        refused("my.xml", UDP + "    <PING/>\n    <io.conclave.security.SEAL secret_file=\"f\"/>\n    <pbcast.NAKACK2/>\n    <UNICAST3/>\n    <pbcast.GMS/>\n",
                "my.xml:4: <io.conclave.security.SEAL> is not directly above the transport", "(PING) would see");
        refused("my.xml", UDP + "    <io.conclave.security.SEAL/>\n" + BASE, "has no secret_file");
    }

    @Test
    void unknownProtocolAndNonProtocolClass() {
        refused("my.xml", UDP + "    <FD_NONSENSE/>\n" + BASE, "my.xml:3: unknown protocol <FD_NONSENSE>");
        refused("my.xml", UDP + "    <java.lang.String/>\n" + BASE, "my.xml:3: <java.lang.String> java.lang.String is not a JGroups protocol");
    }
}
