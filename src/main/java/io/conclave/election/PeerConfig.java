package io.conclave.election;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Everything needed to start a peer. Only what differs from the defaults needs to be set:
 * {@code PeerConfig.builder().name("A").build()} joins cluster "conclave" with the bundled "udp" stack.
 *
 * @param stack        a bundled stack name ("udp", "tcp", ...) or the path of a JGroups XML file
 * @param cluster      the cluster name; peers with different names never meet
 * @param name         this peer's name (and its raft id in raft mode)
 * @param bindAddr     the address to bind to, or null for the stack's default
 * @param port         the transport port, or null for the stack's default; when set, it must be free
 * @param initialHosts for TCP stacks: "host[port],host[port]", or null for the stack's default
 * @param dataDir      where this peer keeps its files (history, logs, raft log)
 * @param members      raft mode: the voting members; empty for the stack's default
 * @param learner      a peer that does not vote: raft mode, it may join as a non-voting learner; quorum mode, it
 *                     grants no lease and so never counts towards the quorum
 * @param settings     extra values for ${...} placeholders in the stack (they win over system properties);
 *                     {@link #SECRET_FILE} names the cluster secret file for secure stacks; {@link #ADMIN}
 *                     and {@link #ADMIN_TOKEN_FILE} ask for an admin endpoint
 * @param allowFaults  obey fault-injection commands (partition, isolate, heal) from members of the view;
 *                     off by default, as fault injection is for labs and tests
 */
public record PeerConfig(String stack, String cluster, String name, String bindAddr, Integer port,
                         String initialHosts, Path dataDir, List<String> members, boolean learner,
                         Map<String, String> settings, boolean allowFaults) {

    public static final String DEFAULT_STACK = "udp";
    /** The settings key naming the cluster secret file; stacks use it as {@code ${conclave.secret_file}}. */
    public static final String SECRET_FILE = "conclave.secret_file";
    public static final String DEFAULT_CLUSTER = "conclave";
    /** The settings key for the admin endpoint, {@code [HOST:]PORT} (HTTP; loopback unless a host is given). */
    public static final String ADMIN = "conclave.admin";
    /** The settings key naming the bearer token file the admin endpoint requires (needed off loopback). */
    public static final String ADMIN_TOKEN_FILE = "conclave.admin_token_file";

    public PeerConfig {
        members = List.copyOf(members);
        settings = Map.copyOf(settings);
    }

    /** The cluster secret file (made by {@code conclave keygen}), or null if none was given. */
    public Path secretFile() {
        String file = settings.get(SECRET_FILE);
        return file == null ? null : Path.of(file);
    }

    /** Where the admin endpoint listens, {@code [HOST:]PORT}, or null for none. */
    public String admin() {
        return settings.get(ADMIN);
    }

    /** The admin endpoint's bearer token file, or null if it takes no token. */
    public Path adminTokenFile() {
        String file = settings.get(ADMIN_TOKEN_FILE);
        return file == null ? null : Path.of(file);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().stack(stack).cluster(cluster).name(name).bindAddr(bindAddr).port(port)
                .initialHosts(initialHosts).dataDir(dataDir).members(members).learner(learner).settings(settings).allowFaults(allowFaults);
    }

    /** The host name plus a short random suffix, so two peers on one machine get different names. */
    public static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "peer";
        }
        host = host.split("\\.")[0].toLowerCase(Locale.ROOT);
        return host + "-" + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xefff));
    }

    /** {@code ~/.conclave/<cluster>/<name>}. */
    public static Path defaultDataDir(String cluster, String name) {
        return Path.of(System.getProperty("user.home"), ".conclave", cluster, name);
    }

    public static final class Builder {
        private String stack = DEFAULT_STACK;
        private String cluster = DEFAULT_CLUSTER;
        private String name;
        private String bindAddr;
        private Integer port;
        private String initialHosts;
        private Path dataDir;
        private List<String> members = List.of();
        private boolean learner;
        private Map<String, String> settings = Map.of();
        private Path secretFile;
        private boolean secretFileSet;
        private String admin;
        private Path adminTokenFile;
        private boolean allowFaults;

        public Builder stack(String stack) {
            this.stack = stack;
            return this;
        }

        public Builder cluster(String cluster) {
            this.cluster = cluster;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder bindAddr(String bindAddr) {
            this.bindAddr = bindAddr;
            return this;
        }

        public Builder port(Integer port) {
            this.port = port;
            return this;
        }

        public Builder initialHosts(String initialHosts) {
            this.initialHosts = initialHosts;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder members(List<String> members) {
            this.members = members;
            return this;
        }

        public Builder learner(boolean learner) {
            this.learner = learner;
            return this;
        }

        public Builder settings(Map<String, String> settings) {
            this.settings = settings;
            return this;
        }

        /**
         * The cluster secret file for secure stacks; the file's path is passed on, never its contents. It wins
         * over a {@link #SECRET_FILE} in {@link #settings}, whichever of the two is set first.
         */
        public Builder secretFile(Path file) {
            this.secretFile = file;
            this.secretFileSet = true;
            return this;
        }

        /** An admin endpoint (health, readiness, leader, metrics, events over HTTP) on {@code [HOST:]PORT}. */
        public Builder admin(String hostPort) {
            this.admin = hostPort;
            return this;
        }

        /** The bearer token file (owner-only) every admin request must present; required off loopback. */
        public Builder adminTokenFile(Path file) {
            this.adminTokenFile = file;
            return this;
        }

        /** Obey fault-injection commands from members of the view (off by default). */
        public Builder allowFaults(boolean allowFaults) {
            this.allowFaults = allowFaults;
            return this;
        }

        public PeerConfig build() {
            String n = name == null ? defaultName() : name;
            Path dir = dataDir == null ? defaultDataDir(cluster, n) : dataDir;
            Map<String, String> all = new java.util.HashMap<>(settings);
            if (secretFileSet) {
                all.remove(SECRET_FILE);
                if (secretFile != null) {
                    all.put(SECRET_FILE, secretFile.toString());
                }
            }
            if (admin != null) {
                all.put(ADMIN, admin);
            }
            if (adminTokenFile != null) {
                all.put(ADMIN_TOKEN_FILE, adminTokenFile.toString());
            }
            return new PeerConfig(stack, cluster, n, bindAddr, port, initialHosts, dir, members, learner, all, allowFaults);
        }
    }
}
