package io.conclave.peer;

import io.conclave.election.ConclaveException;
import io.conclave.election.PeerConfig;
import io.conclave.security.ClusterSecret;
import io.conclave.stack.StackDefinition;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Checks a peer's host-side settings before JGroups sees them, so mistakes give one clear line. */
final class PeerEnvironment {

    private PeerEnvironment() {
    }

    /** Values for the stack's ${...} placeholders: the peer's own settings win over system properties. */
    static Map<String, String> settings(PeerConfig config, StackDefinition stack) {
        Map<String, String> settings = new HashMap<>(config.settings());
        if (config.bindAddr() != null) {
            settings.put("jgroups.bind_addr", config.bindAddr());
        }
        if (config.port() != null) {
            settings.put("jgroups.bind_port", String.valueOf(config.port()));
            settings.put("jgroups.port_range", "0");
        }
        if (config.initialHosts() != null) {
            settings.put("jgroups.tcpping.initial_hosts", config.initialHosts());
            // the gossip stack's routers
            settings.put("jgroups.tcpgossip.initial_hosts", config.initialHosts());
        }
        settings.put("conclave.data_dir", config.dataDir().toString());
        settings.put("raft_id", config.name());
        settings.put("log_dir", config.dataDir().toString());
        if (!config.members().isEmpty()) {
            settings.put("raft_members", String.join(",", config.members()));
        }
        return settings;
    }

    /** Checks the host-side settings and locks the data directory; the caller releases the lock on close. */
    static DataDirLock prepare(PeerConfig config, StackDefinition stack) {
        requireSecret(config, stack);
        if (!config.members().isEmpty()) {
            // before the stack's placeholders take them in, so a mistake names PeerConfig.members, not a stack line
            RaftMembers.requireValid(config.members(), "PeerConfig.members");
        }
        InetAddress bind = config.bindAddr() == null ? null : requireLocalAddress(config.bindAddr());
        if (config.port() != null) {
            requireFreePort(bind, config.port(), stack.find("TCP").isPresent() || stack.find("TCP_NIO2").isPresent());
        }
        DataDirs.prepare(config.dataDir(), "PeerConfig.dataDir");
        return DataDirLock.acquire(config.dataDir(), config.name());
    }

    /** A stack with SEAL needs a readable, private secret file; a stack without one must not be given a secret. */
    private static void requireSecret(PeerConfig config, StackDefinition stack) {
        var seal = stack.seal();
        Path file = config.secretFile();
        if (seal.isEmpty()) {
            if (file != null) {
                throw new ConclaveException("PeerConfig.secretFile=" + file + " was given, but stack " + stack.origin()
                        + " does not encrypt anything; use a secure stack (PeerConfig.stack=secure-udp or secure-tcp) or leave PeerConfig.secretFile out");
            }
            return;
        }
        String attribute = seal.get().attributes().getOrDefault("secret_file", "");
        boolean usesSetting = attribute.contains("${" + PeerConfig.SECRET_FILE);
        if (usesSetting && file == null && System.getProperty(PeerConfig.SECRET_FILE) == null) {
            throw new ConclaveException("stack " + stack.origin() + " encrypts with a cluster secret and none was given:"
                    + " start with PeerConfig.secretFile=FILE (or CONCLAVE_SECRET=FILE); create one with 'conclave keygen FILE'"
                    + " and give every peer the same file");
        }
        if (file != null) {
            ClusterSecret.load(file, "PeerConfig.secretFile");
        }
    }

    private static InetAddress requireLocalAddress(String bindAddr) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bindAddr);
        } catch (UnknownHostException e) {
            throw new ConclaveException("PeerConfig.bindAddr=" + bindAddr + " is not a valid address or host name; use an IP address of this host, e.g. "
                    + localAddresses());
        }
        if (address.isAnyLocalAddress()) {
            throw new ConclaveException("PeerConfig.bindAddr=" + bindAddr + " is a wildcard address, which JGroups cannot use; pick one address of this host: "
                    + localAddresses());
        }
        try {
            if (address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null) {
                return address;
            }
        } catch (SocketException e) {
            // fall through to the error
        }
        throw new ConclaveException("PeerConfig.bindAddr=" + bindAddr + " is not an address of this host; use one of: " + localAddresses());
    }

    private static String localAddresses() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> a instanceof java.net.Inet4Address)
                    .map(InetAddress::getHostAddress)
                    .sorted()
                    .collect(Collectors.joining(", "));
        } catch (SocketException e) {
            return "127.0.0.1";
        }
    }

    private static void requireFreePort(InetAddress bind, int port, boolean tcp) {
        if (port < 1 || port > 65535) {
            throw new ConclaveException("PeerConfig.port=" + port + " is out of range; use 1-65535");
        }
        InetSocketAddress endpoint = bind == null ? new InetSocketAddress(port) : new InetSocketAddress(bind, port);
        try (var socket = tcp ? new ServerSocket() : null; var datagram = tcp ? null : new DatagramSocket(null)) {
            if (tcp) {
                socket.bind(endpoint);
            } else {
                datagram.bind(endpoint);
            }
        } catch (IOException e) {
            throw portInUse(port, bind);
        }
    }

    private static ConclaveException portInUse(int port, InetAddress bind) {
        return new ConclaveException("port " + port + (bind == null ? "" : " on " + bind.getHostAddress())
                + " is in use (PeerConfig.port); stop what uses it, pick another port, or leave PeerConfig.port out to use a free one");
    }

    /** Turns a failure of {@code connect()} into a message the user can act on. */
    static ConclaveException connectFailure(PeerConfig config, StackDefinition stack, Exception error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof BindException) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof BindException && config.port() != null) {
            return portInUse(config.port(), null);
        }
        if (root instanceof ConclaveException ce) {
            return ce;
        }
        String message = String.valueOf(root.getMessage()).replaceAll("\\s+", " ").trim();
        if (message.contains("duplicate members")) {
            // raft.NO_DUPES refused the join: raft ids are the peer names
            return new ConclaveException("a peer named " + config.name() + " is already in cluster " + config.cluster()
                    + "; every peer needs its own PeerConfig.name (it is also its raft id)", error);
        }
        return new ConclaveException("cannot join cluster " + config.cluster() + " with stack " + stack.origin()
                + ": " + message, error);
    }
}
