package io.conclave.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real hosts on real networks on one machine, with Linux network namespaces (needs root and iproute2): each
 * subnet is a bridge in a namespace of its own (the switch), each host a namespace with one veth cable to its
 * switch, and a router is a namespace with one cable per subnet, {@code ip_forward=1} and no multicast routing,
 * so multicast stays on its subnet as it does between real LANs. Pulling a cable is a real link down.
 * <p>
 * Every namespace name starts with a prefix unique to this run. {@link #close()} (try-with-resources) removes
 * them all, the processes still running in them and their {@code /etc/netns} files; a shutdown hook does the
 * same when the JVM dies before that.
 */
public final class NetNamespaces implements AutoCloseable {

    /** A subnet {@code 10.X.Y.0/24}: hosts get {@code .10} and up, the router {@code .1}. */
    public record Subnet(String switchNamespace, String prefix) {
        public String gateway() {
            return prefix + ".1";
        }
    }

    /** A host: its namespace and address. */
    public record Host(String name, String namespace, String address) {
    }

    private final String prefix = "cv" + Long.toString(ProcessHandle.current().pid(), 36)
            + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36) + "-";
    private final int network = ThreadLocalRandom.current().nextInt(100, 250);
    private final List<String> namespaces = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::removeAll, "netns-cleanup");
    private int subnets;

    private NetNamespaces() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Skips the calling test with a clear message where namespaces cannot be made (not root, no iproute2). */
    public static NetNamespaces open() {
        String why = unavailable();
        Assumptions.assumeTrue(why == null, () -> "network namespace tests skipped: " + why);
        return new NetNamespaces();
    }

    /** Why namespaces cannot be made here, or null if they can. */
    public static String unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "they need root (running as " + System.getProperty("user.name") + ")";
        }
        String probe = "cvprobe" + ProcessHandle.current().pid();
        try {
            Result add = exec(List.of("ip", "netns", "add", probe));
            exec(List.of("ip", "netns", "del", probe));
            return add.code() == 0 ? null : "'ip netns add' failed: " + add.output().strip();
        } catch (UncheckedIOException e) {
            return "'ip' (iproute2) is not installed";
        }
    }

    /** A new subnet: a switch namespace with a bridge, addresses {@code 10.N.k.0/24}. */
    public Subnet subnet() {
        subnets++;
        String ns = namespace("sw" + subnets);
        run(ns, "ip", "link", "add", "br0", "type", "bridge");
        run(ns, "ip", "link", "set", "br0", "up");
        return new Subnet(ns, "10." + network + "." + subnets);
    }

    /** A host on {@code subnet} with address {@code prefix.number}, its default route through the router. */
    public Host host(String name, Subnet subnet, int number) {
        String ns = namespace(name);
        String address = subnet.prefix() + "." + number;
        cable(ns, "eth0", subnet, port(name));
        run(ns, "ip", "addr", "add", address + "/24", "dev", "eth0");
        run(ns, "ip", "link", "set", "eth0", "up");
        run(ns, "ip", "route", "add", "default", "via", subnet.gateway());
        return new Host(name, ns, address);
    }

    /** A router joining the subnets: {@code .1} on each, IP forwarding on, no multicast routing. */
    public Host router(String name, Subnet... joined) {
        String ns = namespace(name);
        run(ns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        for (int i = 0; i < joined.length; i++) {
            String nic = "eth" + i;
            cable(ns, nic, joined[i], port(name));
            run(ns, "ip", "addr", "add", joined[i].gateway() + "/24", "dev", nic);
            run(ns, "ip", "link", "set", nic, "up");
        }
        return new Host(name, ns, joined[0].gateway());
    }

    /** Plugs or pulls the cable of {@code host} at its switch port: a real link down, nothing gets through. */
    public void cable(Host host, Subnet subnet, boolean plugged) {
        run(subnet.switchNamespace(), "ip", "link", "set", port(host.name()), plugged ? "up" : "down");
    }

    /** {@code /etc/netns/NS/resolv.conf}: what {@code ip netns exec} shows the host as its resolver. */
    public void nameserver(Host host, String address) {
        Path dir = Path.of("/etc/netns", host.namespace());
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("resolv.conf"), "nameserver " + address + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code command} run inside the host's namespace. */
    public List<String> inside(Host host, List<String> command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
        all.addAll(command);
        return all;
    }

    /** Runs {@code command} in {@code namespace} and waits; a failure is an exception with the output. */
    public void run(String namespace, String... command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        all.addAll(List.of(command));
        Result result = exec(all);
        if (result.code() != 0) {
            throw new IllegalStateException(String.join(" ", all) + " failed (" + result.code() + "): " + result.output().strip());
        }
    }

    /** What {@code command} printed inside the host's namespace, failed or not (for diagnostics). */
    public String output(Host host, String... command) {
        Result result = exec(inside(host, List.of(command)));
        return result.code() == 0 ? result.output() : "(" + String.join(" ", command) + " failed: " + result.output().strip() + ")";
    }

    /** The names of this run's namespaces that exist right now (for tests of the clean-up). */
    public List<String> existing() {
        return Stream.of(exec(List.of("ip", "netns", "list")).output().split("\n"))
                .map(line -> line.split(" ")[0]).filter(n -> n.startsWith(prefix)).toList();
    }

    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private String namespace(String role) {
        String ns = prefix + role;
        Result add = exec(List.of("ip", "netns", "add", ns));
        if (add.code() != 0) {
            throw new IllegalStateException("ip netns add " + ns + " failed: " + add.output().strip());
        }
        namespaces.add(ns);
        run(ns, "ip", "link", "set", "lo", "up");
        return ns;
    }

    /** A veth pair: {@code nic} inside {@code ns}, the other end a port named {@code port} on the subnet's bridge. */
    private void cable(String ns, String nic, Subnet subnet, String port) {
        run(ns, "ip", "link", "add", nic, "type", "veth", "peer", "name", port, "netns", subnet.switchNamespace());
        run(subnet.switchNamespace(), "ip", "link", "set", port, "master", "br0");
        run(subnet.switchNamespace(), "ip", "link", "set", port, "up");
    }

    /** The switch port of a host's cable ("p-a": a bare "a" would read as a keyword of 'ip link'). */
    private static String port(String host) {
        return "p-" + host;
    }

    /** Processes first (a namespace with processes in it lingers), then the namespaces, then /etc/netns. */
    private synchronized void removeAll() {
        for (String ns : List.copyOf(namespaces)) {
            for (String pid : exec(List.of("ip", "netns", "pids", ns)).output().split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
        for (String ns : List.copyOf(namespaces)) {
            exec(List.of("ip", "netns", "del", ns));
            deleteTree(Path.of("/etc/netns", ns));
            namespaces.remove(ns);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(int code, String output) {
    }

    static Result exec(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
