package io.conclave.stack;

import io.conclave.election.ConclaveException;
import io.conclave.election.PeerNames;
import org.jgroups.protocols.Discovery;
import org.jgroups.protocols.ReliableMulticast;
import org.jgroups.protocols.ReliableUnicast;
import org.jgroups.protocols.TP;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.stack.Protocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks a stack before JGroups sees it. JGroups' own parser starts stacks that cannot work (no GMS, RAFT
 * without an election protocol, ELECTION above RAFT, duplicate members) and stacks that are open to anyone on
 * the LAN (diagnostics on by default). Every problem is one line naming the file, the line, the protocol and
 * the fix. Problems that only weaken a stack the user wrote are warnings; in bundled stacks and in stacks
 * that claim to be secure they are errors.
 */
public final class StackLint {

    static final String SEAL = "io.conclave.security.SEAL";
    /** JGroups' own security protocols: a stack with any of them claims to be secure. */
    private static final Set<String> SECURITY_PROTOCOLS = Set.of("SYM_ENCRYPT", "ASYM_ENCRYPT", "AUTH", "SERIALIZE",
            "SSL_KEY_EXCHANGE");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}");

    private StackLint() {
    }

    /** Throws a {@link ConclaveException} for the first error; returns the warnings (possibly none). */
    public static List<String> check(StackDefinition stack) {
        List<String> warnings = new ArrayList<>();
        List<ProtocolSpec> protocols = stack.protocols();
        Map<ProtocolSpec, Class<?>> classes = new HashMap<>();
        Map<Class<?>, ProtocolSpec> seen = new HashMap<>();
        for (ProtocolSpec p : protocols) {
            Class<?> c = ProtocolClasses.resolve(p.name());
            if (c == null) {
                throw new ConclaveException(unknownProtocol(stack, p));
            }
            if (!Protocol.class.isAssignableFrom(c)) {
                throw error(stack, p, c.getName() + " is not a JGroups protocol", "remove it or name a protocol class");
            }
            ProtocolSpec twice = seen.putIfAbsent(c, p);
            if (twice != null) {
                throw error(stack, p, "appears twice (also on line " + twice.line() + ")", "keep one of them");
            }
            classes.put(p, c);
            p.attributes().forEach((name, value) -> {
                String rest = PLACEHOLDER.matcher(value).replaceAll("");
                if (rest.contains("${")) {
                    throw error(stack, p, name + "=\"" + value + "\" has an unterminated placeholder",
                            "write it as ${name} or ${name:default}");
                }
            });
        }
        Position at = new Position(protocols, classes);

        // Transport: exactly one, at the bottom.
        List<ProtocolSpec> transports = at.all(TP.class::isAssignableFrom);
        if (transports.isEmpty()) {
            throw new ConclaveException(stack.origin() + ": no transport; the first protocol must be UDP, TCP or TCP_NIO2");
        }
        if (transports.size() > 1) {
            throw error(stack, transports.get(1), "is a second transport (" + transports.get(0).name() + " is on line "
                    + transports.get(0).line() + ")", "keep one transport, at the bottom");
        }
        ProtocolSpec transport = transports.get(0);
        if (at.index(transport) != 0) {
            throw error(stack, transport, "is a transport but not the first protocol", "move it to the top of the file (the bottom of the stack)");
        }

        // Membership and what it needs below it.
        ProtocolSpec gms = at.first(GMS.class::isAssignableFrom)
                .orElseThrow(() -> new ConclaveException(stack.origin() + ": no pbcast.GMS; peers would never form a view."
                        + " Add <pbcast.GMS/> above UNICAST3 and pbcast.STABLE"));
        ProtocolSpec discovery = at.first(Discovery.class::isAssignableFrom)
                .orElseThrow(() -> error(stack, transport, "has no discovery protocol above it",
                        "add <PING/> (UDP) or <TCPPING initial_hosts=\"...\"/> (TCP) right above the transport"));
        at.requireBelow(stack, discovery, gms, "discovery");
        ProtocolSpec multicast = at.first(c -> ReliableMulticast.class.isAssignableFrom(c) || NAKACK2.class.isAssignableFrom(c))
                .orElseThrow(() -> error(stack, gms, "has no reliable multicast below it",
                        "add <pbcast.NAKACK2/> below pbcast.GMS"));
        at.requireBelow(stack, multicast, gms, "reliable multicast");
        ProtocolSpec unicast = at.first(c -> ReliableUnicast.class.isAssignableFrom(c) || UNICAST3.class.isAssignableFrom(c))
                .orElseThrow(() -> error(stack, gms, "has no reliable unicast below it", "add <UNICAST3/> below pbcast.GMS"));
        at.requireBelow(stack, unicast, gms, "reliable unicast");

        checkRaft(stack, at, gms, warnings);
        checkMerge(stack, at, warnings);
        checkLease(stack, at);
        checkSecurity(stack, at, transport, warnings);
        return warnings;
    }

    /** EAGER_MERGE over JGroups' own MERGE3: their view checks overlap now and then and spoil each other. */
    private static void checkMerge(StackDefinition stack, Position at, List<String> warnings) {
        Optional<ProtocolSpec> plain = at.named("MERGE3");
        if (plain.isPresent() && at.named("io.conclave.merge.EAGER_MERGE").isPresent()) {
            warnings.add(stack.at(plain.get()) + ": <MERGE3> with io.conclave.merge.EAGER_MERGE: MERGE3 runs its view check beside"
                    + " EAGER_MERGE's, and now and then the two lose a merge; write <io.conclave.merge.SERIAL_MERGE3 .../> with the"
                    + " same attributes");
        }
    }

    /** JGroups' default FD_ALL3 timeout, and the lease a quorum or raft stack gets when it declares none. */
    private static final long DEFAULT_DETECTION_MS = 40_000;
    private static final long DEFAULT_LEASE_MS = 1_500;

    /**
     * The lease must run out before failure detection gives up on a leader: otherwise a new view would wait for
     * the old leader's grants on every cut, and a new leader would start late.
     */
    private static void checkLease(StackDefinition stack, Position at) {
        Optional<ProtocolSpec> lease = at.named("io.conclave.lease.LEASE");
        boolean needsLease = at.named("raft.RAFT").isPresent() || at.named("io.conclave.coordinator.QUORUM").isPresent();
        Optional<ProtocolSpec> detection = at.first(org.jgroups.protocols.FailureDetection.class::isAssignableFrom);
        if (!needsLease || detection.isEmpty()) {
            return;
        }
        Long leaseMs = lease.map(p -> TimeAttribute.millis(p.attributes().get("duration"), DEFAULT_LEASE_MS)).orElse(DEFAULT_LEASE_MS);
        Long detectionMs = TimeAttribute.millis(detection.get().attributes().get("timeout"), DEFAULT_DETECTION_MS);
        if (leaseMs == null || detectionMs == null || leaseMs < detectionMs) {
            return; // a placeholder: checked when the peer starts (LEASE.init)
        }
        String fix = "make LEASE duration shorter than " + detection.get().name() + " timeout (e.g. three quarters of it)";
        if (lease.isPresent()) {
            throw error(stack, lease.get(), "duration " + leaseMs + " ms is not shorter than " + detection.get().name()
                    + " timeout " + detectionMs + " ms", fix);
        }
        throw error(stack, detection.get(), "timeout " + detectionMs + " ms is not longer than the default lease of "
                + DEFAULT_LEASE_MS + " ms", "declare <io.conclave.lease.LEASE duration=\"...\"/> below pbcast.GMS and " + fix);
    }

    private static void checkRaft(StackDefinition stack, Position at, ProtocolSpec gms, List<String> warnings) {
        Optional<ProtocolSpec> raft = at.named("raft.RAFT");
        Optional<ProtocolSpec> noDupes = at.named("raft.NO_DUPES");
        List<ProtocolSpec> elections = at.all(ElectionProtocols::isElection);
        Optional<ProtocolSpec> redirect = at.named("raft.REDIRECT");
        if (raft.isEmpty()) {
            for (ProtocolSpec p : concat(elections, noDupes, redirect)) {
                throw error(stack, p, "is a raft protocol but the stack has no raft.RAFT", "add <raft.RAFT/> or remove " + p.name());
            }
            return;
        }
        ProtocolSpec r = raft.get();
        at.requireAbove(stack, r, gms, "raft.RAFT", "pbcast.GMS");
        if (elections.isEmpty()) {
            throw error(stack, r, "has no election protocol; no leader would ever be chosen",
                    "add <raft.ELECTION2/> between pbcast.GMS and raft.RAFT");
        }
        if (elections.size() > 1) {
            throw error(stack, elections.get(1), "is a second election protocol (" + elections.get(0).name() + " is on line "
                    + elections.get(0).line() + ")", "keep one, preferably raft.ELECTION2");
        }
        ProtocolSpec election = elections.get(0);
        if (at.index(election) > at.index(r)) {
            throw error(stack, election, "is above raft.RAFT (line " + r.line() + ")", "move it directly below raft.RAFT");
        }
        at.requireAbove(stack, election, gms, election.name(), "pbcast.GMS");
        if (redirect.isPresent() && at.index(redirect.get()) < at.index(r)) {
            throw error(stack, redirect.get(), "is below raft.RAFT (line " + r.line() + ")", "move it directly above raft.RAFT");
        }
        if (noDupes.isPresent() && at.index(noDupes.get()) > at.index(gms)) {
            throw error(stack, noDupes.get(), "is above pbcast.GMS (line " + gms.line() + "), where it cannot reject joins",
                    "move it directly below pbcast.GMS");
        }
        if (noDupes.isEmpty()) {
            warnings.add(stack.at(r) + ": <raft.RAFT> without raft.NO_DUPES: a second peer with the same raft id is not rejected;"
                    + " add <raft.NO_DUPES/> directly below pbcast.GMS");
        }
        String members = r.attributes().get("members");
        if (members != null && !PLACEHOLDER.matcher(members).find()) {
            checkMembers(stack, r, members);
        }
    }

    private static void checkSecurity(StackDefinition stack, Position at, ProtocolSpec transport, List<String> warnings) {
        boolean secure = claimsSecure(stack);
        boolean strict = secure || StackSource.BUNDLED.contains(stack.origin());
        String diag = transport.attributes().get("diag.enabled");
        if (diag == null || !diag.strip().equalsIgnoreCase("false")) {
            String problem = "diagnostics are on" + (diag == null ? " (JGroups' default)" : "")
                    + ": anyone who can reach this host can read and change the stack with probe, e.g. remove a raft member;"
                    + " the probe passcode does not protect the command";
            if (strict) {
                throw error(stack, transport, problem, "add diag.enabled=\"false\"");
            }
            warnings.add(stack.at(transport) + ": <" + transport.name() + "> " + problem + "; add diag.enabled=\"false\"");
        }
        Optional<ProtocolSpec> client = at.named("raft.CLIENT");
        if (client.isPresent()) {
            String problem = "opens a server socket that accepts unauthenticated commands, including membership changes";
            if (strict) {
                throw error(stack, client.get(), problem, "remove it");
            }
            warnings.add(stack.at(client.get()) + ": <raft.CLIENT> " + problem + "; remove it unless the network is trusted");
        }
        if (!secure) {
            return;
        }
        for (ProtocolSpec p : stack.protocols()) {
            if (p.is("SYM_ENCRYPT") || p.is("ASYM_ENCRYPT")) {
                String algorithm = p.attributes().getOrDefault("sym_algorithm", "AES").toUpperCase(Locale.ROOT);
                if (!algorithm.contains("/") || algorithm.contains("/ECB")) {
                    throw error(stack, p, "encrypts with " + algorithm + ", which the JDK runs in ECB mode (patterns show, nothing is authenticated)",
                            "use <" + SEAL + "/> directly above the transport instead");
                }
                if (algorithm.contains("/GCM")) {
                    throw error(stack, p, "cannot run " + algorithm + " in JGroups 5.4 (it passes an IvParameterSpec, GCM needs a GCMParameterSpec)",
                            "use <" + SEAL + "/> directly above the transport instead");
                }
            }
            if (p.is("ASYM_ENCRYPT") && at.named("AUTH").isEmpty() && at.named("SSL_KEY_EXCHANGE").isEmpty()) {
                throw error(stack, p, "without AUTH or SSL_KEY_EXCHANGE hands the group key to anyone who asks",
                        "use <" + SEAL + "/> directly above the transport instead");
            }
        }
        Optional<ProtocolSpec> seal = at.named(SEAL);
        if (seal.isEmpty()) {
            String why = stack.protocols().stream().filter(p -> SECURITY_PROTOCOLS.contains(p.simpleName()))
                    .map(ProtocolSpec::name).findFirst()
                    .map(n -> "uses " + n + ", but JGroups 5.4's encryption leaves header-only messages (joins, leaves, heartbeats)"
                            + " unauthenticated and its modes have no integrity")
                    .orElse("is named as secure but nothing encrypts or authenticates its traffic");
            throw new ConclaveException(stack.origin() + ": the stack " + why + "; add <" + SEAL
                    + " secret_file=\"${conclave.secret_file}\"/> directly above " + transport.name() + " (see stacks/secure-udp.xml)");
        }
        if (at.index(seal.get()) != 1) {
            throw error(stack, seal.get(), "is not directly above the transport; protocols below it ("
                    + stack.protocols().get(1).name() + ") would see and act on messages from anyone",
                    "move it directly above " + transport.name());
        }
        String file = seal.get().attributes().get("secret_file");
        if (file == null || file.isBlank()) {
            throw error(stack, seal.get(), "has no secret_file", "add secret_file=\"${conclave.secret_file}\" (set by PeerConfig.secretFile)");
        }
    }

    /**
     * A stack claims to be secure if it seals or encrypts anything, or its name starts with "secure";
     * such a stack must then really be (SEAL directly above the transport, no diagnostics, no raft.CLIENT).
     */
    public static boolean claimsSecure(StackDefinition stack) {
        String file = stack.origin().replace('\\', '/');
        String base = file.substring(file.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return base.startsWith("secure") || stack.find(SEAL).isPresent()
                || stack.protocols().stream().anyMatch(p -> SECURITY_PROTOCOLS.contains(p.simpleName()));
    }

    /** Checks values that are only known once placeholders are resolved. */
    static void checkResolved(StackDefinition stack, ProtocolSpec protocol, String attribute, String value) {
        if (protocol.is("raft.RAFT") && attribute.equals("members")) {
            checkMembers(stack, protocol, value);
        }
    }

    static void checkMembers(StackDefinition stack, ProtocolSpec raft, String members) {
        Set<String> names = new HashSet<>();
        if (members.isBlank()) {
            throw error(stack, raft, "members=\"\" is empty", "list the voting members, e.g. members=\"A,B,C\" (or PeerConfig.members=A,B,C)");
        }
        for (String name : members.split(",", -1)) {
            String n = name.strip();
            String problem = PeerNames.problemWith(n);
            if (problem != null) {
                throw error(stack, raft, "members=\"" + members + "\" has an invalid name '" + n + "': " + problem,
                        "list each member once, e.g. members=\"A,B,C\"");
            }
            if (!names.add(n)) {
                throw error(stack, raft, "members=\"" + members + "\" lists " + n + " twice", "list each member once");
            }
        }
    }

    static String unknownProtocol(StackDefinition stack, ProtocolSpec protocol) {
        return stack.at(protocol) + ": unknown protocol <" + protocol.name()
                + ">; check the spelling (JGroups names are upper case, e.g. UDP, pbcast.GMS, raft.RAFT) or the class name";
    }

    private static ConclaveException error(StackDefinition stack, ProtocolSpec p, String problem, String fix) {
        return new ConclaveException(stack.at(p) + ": <" + p.name() + "> " + problem + "; " + fix);
    }

    @SafeVarargs
    private static List<ProtocolSpec> concat(List<ProtocolSpec> list, Optional<ProtocolSpec>... more) {
        List<ProtocolSpec> all = new ArrayList<>(list);
        for (Optional<ProtocolSpec> p : more) {
            p.ifPresent(all::add);
        }
        return all;
    }

    /** Where each protocol sits, by class. */
    private record Position(List<ProtocolSpec> protocols, Map<ProtocolSpec, Class<?>> classes) {

        int index(ProtocolSpec p) {
            return protocols.indexOf(p);
        }

        List<ProtocolSpec> all(Predicate<Class<?>> kind) {
            return protocols.stream().filter(p -> kind.test(classes.get(p))).toList();
        }

        Optional<ProtocolSpec> first(Predicate<Class<?>> kind) {
            return protocols.stream().filter(p -> kind.test(classes.get(p))).findFirst();
        }

        Optional<ProtocolSpec> named(String name) {
            Class<?> c = ProtocolClasses.resolve(name);
            return c == null ? Optional.empty() : first(c::equals);
        }

        void requireBelow(StackDefinition stack, ProtocolSpec p, ProtocolSpec gms, String role) {
            if (index(p) > index(gms)) {
                throw error(stack, p, "(" + role + ") is above pbcast.GMS (line " + gms.line() + ")", "move it below pbcast.GMS");
            }
        }

        void requireAbove(StackDefinition stack, ProtocolSpec p, ProtocolSpec other, String name, String otherName) {
            if (index(p) < index(other)) {
                throw error(stack, p, "is below " + otherName + " (line " + other.line() + ")", "move " + name + " above " + otherName);
            }
        }
    }
}
