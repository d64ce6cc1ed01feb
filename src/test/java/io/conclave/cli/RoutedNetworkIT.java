package io.conclave.cli;

import io.conclave.bench.PeerProcess;
import io.conclave.support.NetNamespaces;
import io.conclave.support.NetNamespaces.Host;
import io.conclave.support.NetNamespaces.Subnet;
import io.conclave.support.Tools;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real peer processes on a routed network: A, B on one subnet, C, D, E on another, joined by a router namespace
 * that forwards IP but no multicast. For each stack: the five agree on one leader across the subnets, the
 * router's cable to the first subnet is pulled (a real link down), each side gets its own view, and its own
 * leader in coordinator mode (raft: only the majority side C, D, E has one), the cable goes back and all five
 * agree on one leader and one view. Prints the figures
 * (docs/benchmarks.md); {@code -Dconclave.routed.watch=60} watches the quiet cluster longer and
 * {@code -Dconclave.routed.cycles=N} cuts and heals it N times, for a measured run.
 */
class RoutedNetworkIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** How long each quiet cluster is watched for suspicions: a few FD_ALL3 timeouts; {@code bench soak} watches for minutes. */
    private static final long WATCH_SECONDS = Long.getLong("conclave.routed.watch", 5);
    /** How many times each cluster is cut and healed ({@code -Dconclave.routed.cycles=10} for a measured run). */
    private static final int CYCLES = Integer.getInteger("conclave.routed.cycles", 1);
    /** How long the cable stays pulled after both sides noticed ({@code -Dconclave.routed.hold=30} for a long pull). */
    private static final long HOLD_SECONDS = Long.getLong("conclave.routed.hold", 0);
    private static final Duration SLOW_HEAL = Duration.ofSeconds(5);
    private static final List<String> LEFT = List.of("A", "B");
    private static final List<String> RIGHT = List.of("C", "D", "E");
    private static final String DNS_NAME = "conclave.test";

    private static NetNamespaces net;
    private static Subnet one;
    private static Subnet two;
    private static Host router;
    private static Host dns;
    private static final Map<String, Host> hosts = new LinkedHashMap<>();

    @TempDir
    Path data;

    @BeforeAll
    static void network() {
        net = NetNamespaces.open();
        one = net.subnet();
        two = net.subnet();
        for (int i = 0; i < LEFT.size(); i++) {
            hosts.put(LEFT.get(i), net.host(LEFT.get(i), one, 10 + i));
        }
        for (int i = 0; i < RIGHT.size(); i++) {
            hosts.put(RIGHT.get(i), net.host(RIGHT.get(i), two, 10 + i));
        }
        dns = net.host("dns", two, 5);
        router = net.router("r", one, two);
        hosts.values().forEach(h -> net.nameserver(h, dns.address()));
    }

    @AfterAll
    static void teardown() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void tcpWithInitialHostsAcrossTheRouter() throws Exception {
        String initialHosts = hosts.values().stream().map(h -> h.address() + "[7800]").collect(Collectors.joining(","));
        runScenario("tcp", name -> List.of("--initial-hosts", initialHosts), List.copyOf(hosts.keySet()), () -> { });
    }

    @Test
    void raftTcpLeadsOnlyOnTheMajoritySide() throws Exception {
        String initialHosts = hosts.values().stream().map(h -> h.address() + "[7800]").collect(Collectors.joining(","));
        runScenario("raft-tcp", name -> List.of("--initial-hosts", initialHosts, "--members", String.join(",", hosts.keySet())),
                List.copyOf(hosts.keySet()), () -> { });
    }

    @Test
    void gossipWithARouterOnTheRouterHost() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.net.preferIPv4Stack=true", "-jar", PeerProcess.jar().toString(), "router", "--port", "12001",
                "--log-file", data.resolve("router.log").toString()));
        Process gossipRouter = new ProcessBuilder(net.inside(router, command)).redirectErrorStream(true)
                .redirectOutput(data.resolve("router.out").toFile()).start();
        try {
            await().atMost(PATIENCE).until(() -> Files.readString(data.resolve("router.out")).contains("router listening"));
            // each peer asks the router through its own gateway, so the cut takes the router away from A and B
            runScenario("gossip", name -> List.of("--initial-hosts", gateway(name) + "[12001]"), List.copyOf(hosts.keySet()), () -> { });
        } finally {
            gossipRouter.destroy();
            gossipRouter.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void dnsWithDnsmasqAndAPeerAddedLater() throws Exception {
        Path records = data.resolve("peers.hosts");
        List<String> first = List.of("A", "B", "C", "D");
        writeRecords(records, first);
        // started through 'ip netns exec', a missing dnsmasq would not fail the start, only never answer
        Path binary = Tools.find("dnsmasq").orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(binary != null,
                "dnsmasq not found: install the Debian package 'dnsmasq' (.ci/run does) to run the DNS discovery case");
        Process dnsmasq;
        try {
            dnsmasq = new ProcessBuilder(net.inside(dns, List.of(binary.toString(), "--keep-in-foreground", "--conf-file=/dev/null",
                    "--no-resolv", "--no-hosts", "--addn-hosts=" + records, "--listen-address=" + dns.address(),
                    "--bind-interfaces", "--user=root", "--pid-file=", "--log-facility=-")))
                    .redirectErrorStream(true).redirectOutput(data.resolve("dnsmasq.out").toFile()).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("dnsmasq is not installed (Debian package dnsmasq): " + e.getMessage());
            return;
        }
        try {
            await().atMost(PATIENCE).until(() -> Files.readString(data.resolve("dnsmasq.out")).contains("read " + records));
            runScenario("dns", name -> List.of("--set", "dns_query=" + DNS_NAME), first, () -> {
                // the new peer's record, as a headless Service adds a pod's address; the others keep running
                writeRecords(records, List.copyOf(hosts.keySet()));
                signal(dnsmasq, "-HUP");
            });
        } finally {
            dnsmasq.destroy();
            dnsmasq.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /**
     * Starts {@code initial} peers (then the rest, after {@code beforeLateJoiners}), waits for one leader and one
     * view, watches the quiet cluster for suspicions, pulls the router's cable to the first subnet, checks each
     * side has a view and a leader of its own, plugs it back, waits for one leader and one view again.
     */
    private void runScenario(String stack, java.util.function.Function<String, List<String>> args, List<String> initial,
                             ThrowingRunnable beforeLateJoiners) throws Exception {
        String cluster = "routed-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, PeerProcess> peers = new LinkedHashMap<>();
        try {
            long launched = System.nanoTime();
            for (String name : initial) {
                peers.put(name, start(stack, cluster, name, args.apply(name)));
            }
            long allUp = awaitFirstEvents(peers.values());
            long agreed = awaitAgreement(peers.values(), Set.copyOf(initial));
            long formed = TimeUnit.NANOSECONDS.toMillis(agreed - launched);
            long afterLastUp = TimeUnit.NANOSECONDS.toMillis(agreed - allUp);
            long lateJoin = -1;
            if (initial.size() < hosts.size()) {
                beforeLateJoiners.run();
                List<PeerProcess> late = new ArrayList<>();
                for (String name : hosts.keySet()) {
                    if (!peers.containsKey(name)) {
                        PeerProcess p = start(stack, cluster, name, args.apply(name));
                        peers.put(name, p);
                        late.add(p);
                    }
                }
                long lateStart = awaitFirstEvents(late);
                lateJoin = TimeUnit.NANOSECONDS.toMillis(awaitAgreement(peers.values(), hosts.keySet()) - lateStart);
            }

            int suspicionsBefore = suspicions(peers.values());
            Thread.sleep(TimeUnit.SECONDS.toMillis(WATCH_SECONDS)); // a watch period, not a wait for a condition
            int quietSuspicions = suspicions(peers.values()) - suspicionsBefore;
            assertThat(quietSuspicions).as("suspicions while nothing was cut").isZero();

            System.out.printf("routed network, %s, 5 peers on 2 subnets: form %d ms from launch (%d peers, JVM start included),"
                            + " %d ms after the last one was up%s, suspicions while quiet %d in %d s%n",
                    stack, formed, initial.size(), afterLastUp, lateJoin < 0 ? "" : ", late peer joined in " + lateJoin + " ms after it was up",
                    quietSuspicions, WATCH_SECONDS);
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                cutAndHeal(stack, cycle, peers);
            }
        } finally {
            peers.values().parallelStream().forEach(PeerProcess::close);
        }
    }

    /**
     * Pulls the router's cable to the first subnet, checks each side behaves as the mode says, plugs it back and
     * waits for one leader and one full view. A heal slower than {@link #SLOW_HEAL} leaves the peers' thread dumps
     * and socket states under target/routed-diagnostics, taken while it is still slow.
     */
    private void cutAndHeal(String stack, int cycle, Map<String, PeerProcess> peers) throws IOException, InterruptedException {
        // coordinator mode: each side its own leader; raft: only the majority side (C, D, E) has one
        boolean raft = stack.startsWith("raft");
        long cut = System.nanoTime();
        Instant cutAt = Instant.now();
        net.cable(router, one, false);
        await().atMost(PATIENCE).until(() -> (raft ? sideHasNoLeader(peers, LEFT) : sideAgrees(peers, LEFT)) && sideAgrees(peers, RIGHT));
        long noticed = elapsed(cut);
        System.out.println(membershipSince(cutAt, peers.values()));
        String leftLeader = peers.get("A").lastLeader();
        String rightLeader = peers.get("C").lastLeader();
        if (raft) {
            assertThat(leftLeader).as("the minority side's leader").isNull();
        } else {
            assertThat(leftLeader).isIn(LEFT);
        }
        assertThat(rightLeader).isIn(RIGHT);
        if (HOLD_SECONDS > 0) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(HOLD_SECONDS)); // the cable stays out, not a wait for a condition
        }

        long heal = System.nanoTime();
        Instant healAt = Instant.now();
        net.cable(router, one, true);
        try {
            awaitAgreement(peers.values(), hosts.keySet(), SLOW_HEAL);
        } catch (ConditionTimeoutException slow) {
            System.out.println("slow heal, diagnostics in " + diagnose(stack, cycle, healAt, peers));
            awaitAgreement(peers.values(), hosts.keySet(), PATIENCE);
        }
        long healed = elapsed(heal);
        System.out.printf("routed network, %s, cycle %d: cut noticed by both sides %d ms (leaders: %s, %s),"
                + " heal%s to one leader and one view %d ms%n", stack, cycle, noticed, leftLeader, rightLeader,
                HOLD_SECONDS > 0 ? " after " + HOLD_SECONDS + " s cut off" : "", healed);
        if (healed > SLOW_HEAL.toMillis()) {
            System.out.println(membershipSince(healAt, peers.values()).replace("after the cut", "after the heal"));
        }
    }

    /** Each peer's threads and every namespace's TCP sockets (with their retransmission state), now. */
    private Path diagnose(String stack, int cycle, Instant healAt, Map<String, PeerProcess> peers) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "routed-diagnostics", stack + "-" + cycle));
        StringBuilder sockets = new StringBuilder("taken " + Duration.between(healAt, Instant.now()).toMillis() + " ms after the heal\n");
        for (Host host : hosts.values()) {
            sockets.append("== ").append(host.name()).append('\n').append(net.output(host, "ss", "-tinoa"));
        }
        sockets.append("== router\n").append(net.output(router, "ss", "-tinoa"));
        Files.writeString(dir.resolve("sockets.txt"), sockets);
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        for (PeerProcess peer : peers.values()) {
            Process dump = new ProcessBuilder(jcmd, String.valueOf(peer.pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(dir.resolve(peer.name() + "-threads.txt").toFile()).start();
            try {
                dump.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return dir.toAbsolutePath();
    }

    private PeerProcess start(String stack, String cluster, String name, List<String> extra) {
        Host host = hosts.get(name);
        List<String> args = new ArrayList<>(List.of("--stack", stack, "--port", "7800", "--no-shell"));
        args.addAll(extra);
        return PeerProcess.startOn(net.inside(host, List.of()), host.address(), name, cluster, data.resolve(name), args);
    }

    private static String gateway(String name) {
        return (LEFT.contains(name) ? one : two).gateway();
    }

    private void writeRecords(Path file, List<String> names) throws IOException {
        Files.writeString(file, names.stream().map(n -> hosts.get(n).address() + " " + DNS_NAME + "\n").collect(Collectors.joining()));
    }

    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    /** Waits until every peer has printed its first event (its JVM is up and its channel connected); returns when (nanoTime). */
    private static long awaitFirstEvents(List<PeerProcess> peers) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> peers.stream().allMatch(p -> {
            assertThat(p.isAlive()).as(p.name() + " exited: " + p.otherLines()).isTrue();
            return !p.events().isEmpty();
        }));
        return System.nanoTime();
    }

    private static long awaitFirstEvents(java.util.Collection<PeerProcess> peers) {
        return awaitFirstEvents(List.copyOf(peers));
    }

    /** Waits until every peer shows exactly {@code members} and the same leader, one of them; returns when (nanoTime). */
    private static long awaitAgreement(java.util.Collection<PeerProcess> peers, java.util.Collection<String> members) {
        return awaitAgreement(peers, members, PATIENCE);
    }

    private static long awaitAgreement(java.util.Collection<PeerProcess> peers, java.util.Collection<String> members, Duration within) {
        BooleanSupplier agreed = () -> {
            String leader = peers.iterator().next().lastLeader();
            return leader != null && members.contains(leader) && peers.stream()
                    .allMatch(p -> Set.copyOf(p.lastMembers()).equals(Set.copyOf(members)) && leader.equals(p.lastLeader()));
        };
        await().atMost(within).pollInterval(Duration.ofMillis(20)).until(agreed::getAsBoolean);
        return System.nanoTime();
    }

    private static boolean sideAgrees(Map<String, PeerProcess> peers, List<String> side) {
        String leader = peers.get(side.get(0)).lastLeader();
        return leader != null && side.contains(leader) && side.stream().map(peers::get)
                .allMatch(p -> Set.copyOf(p.lastMembers()).equals(Set.copyOf(side)) && leader.equals(p.lastLeader()));
    }

    /** Both peers of the minority side see only each other and name no leader (raft: no majority). */
    private static boolean sideHasNoLeader(Map<String, PeerProcess> peers, List<String> side) {
        return side.stream().map(peers::get)
                .allMatch(p -> Set.copyOf(p.lastMembers()).equals(Set.copyOf(side)) && p.lastLeader() == null);
    }

    /** What each peer's membership did since {@code since}, in ms from it: which side took how long, and why. */
    private static String membershipSince(Instant since, java.util.Collection<PeerProcess> peers) {
        StringBuilder out = new StringBuilder("membership after the cut:");
        for (PeerProcess peer : peers) {
            out.append("\n  ").append(peer.name()).append(":");
            for (Map<String, Object> event : peer.events()) {
                Instant at = PeerProcess.ts(event);
                if (at.isBefore(since) || !Set.of("suspect", "view", "leader").contains(event.get("type"))) {
                    continue;
                }
                Object what = switch ((String) event.get("type")) {
                    case "suspect" -> event.get("member");
                    case "view" -> event.get("members");
                    default -> event.get("leader");
                };
                out.append(" +").append(Duration.between(since, at).toMillis()).append(' ').append(event.get("type"))
                        .append(' ').append(what).append(';');
            }
        }
        return out.toString();
    }

    private static int suspicions(java.util.Collection<PeerProcess> peers) {
        return (int) peers.stream().flatMap(p -> p.events().stream()).filter(e -> "suspect".equals(e.get("type"))).count();
    }

    private static long elapsed(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
