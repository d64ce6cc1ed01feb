package io.conclave.deploy;

import io.conclave.cli.Main;
import io.conclave.stack.Placeholders;
import io.conclave.stack.ProtocolSpec;
import io.conclave.stack.StackDefinition;
import io.conclave.stack.StackSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kubernetes/ as far as this machine can check it without a cluster: every manifest parses, and names,
 * ports, probes, volumes and the peer's arguments agree with each other and with the stack the pods run.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("deploy", "kubernetes");
    private static final Map<String, Map<String, Object>> byKind = new HashMap<>();

    @BeforeAll
    static void parse() throws IOException {
        try (var files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    Map<String, Object> manifest = map(document);
                    assertThat(byKind.put((String) manifest.get("kind"), manifest)).as("one " + manifest.get("kind")).isNull();
                }
            }
        }
        assertThat(byKind).containsOnlyKeys("Service", "StatefulSet", "PodDisruptionBudget");
    }

    @Test
    void theHeadlessServiceListsEveryPodBeforeItIsReadyOnTheStacksPorts() {
        Map<String, Object> spec = map(byKind.get("Service").get("spec"));
        assertThat(spec).containsEntry("clusterIP", "None").containsEntry("publishNotReadyAddresses", true);
        assertThat(spec.get("selector")).isEqualTo(podLabels());
        Map<String, Integer> ports = list(spec.get("ports")).stream().map(KubernetesManifestsTest::map)
                .collect(Collectors.toMap(p -> (String) p.get("name"), p -> (Integer) p.get("port")));
        assertThat(ports).containsEntry("jgroups", transportPort()).containsEntry("fd-sock", transportPort() + fdSockOffset());
        assertThat(containerPorts()).containsEntry("jgroups", transportPort()).containsEntry("fd-sock", transportPort() + fdSockOffset());
    }

    @Test
    void podNamesAreTheRaftMembersAndTheStackFindsThemThroughTheService() {
        Map<String, Object> spec = map(byKind.get("StatefulSet").get("spec"));
        String name = (String) map(byKind.get("StatefulSet").get("metadata")).get("name");
        assertThat(spec.get("serviceName")).isEqualTo(map(byKind.get("Service").get("metadata")).get("name"));
        int replicas = (Integer) spec.get("replicas");
        assertThat(argument("--members")).isEqualTo(IntStream.range(0, replicas).mapToObj(i -> name + "-" + i)
                .collect(Collectors.joining(",")));
        assertThat(argument("--name")).isEqualTo("$(POD_NAME)");
        assertThat(argument("--bind-addr")).isEqualTo("$(POD_IP)");
        assertThat(Integer.parseInt(argument("--port"))).isEqualTo(transportPort());
        assertThat(args()).contains("--learner", "--no-shell");

        StackDefinition stack = stack();
        assertThat(stack.find("dns.DNS_PING")).as("the stack discovers by DNS").isPresent();
        assertThat(stack.find("dns.DNS_PING").orElseThrow().attributes().get("dns_query")).contains("DNS_QUERY");
        assertThat(env()).containsEntry("DNS_QUERY", spec.get("serviceName") + ".$(POD_NAMESPACE).svc.cluster.local");
        assertThat(env()).containsKeys("POD_NAME", "POD_IP", "POD_NAMESPACE");
    }

    @Test
    void thePodRunsACommandLineTheCliAccepts() {
        // picocli refuses an unknown or misspelt option, a missing value and a bad number as it would in the pod
        CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(args().toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("peer");
        assertThat(parsed.subcommand().unmatched()).isEmpty();
    }

    @Test
    void theRaftLogLivesOnTheClaimAndTheSecretIsMountedOwnerReadOnly() {
        Map<String, Object> spec = map(byKind.get("StatefulSet").get("spec"));
        List<Object> claims = list(spec.get("volumeClaimTemplates"));
        assertThat(claims).hasSize(1);
        String claim = (String) map(map(claims.get(0)).get("metadata")).get("name");
        assertThat(mounts(container())).containsEntry(claim, argument("--data-dir"));

        assertThat(stack().seal()).as("the pods run a secure stack").isPresent();
        Map<String, Object> secretVolume = volumes().get("secret");
        assertThat(map(secretVolume.get("secret"))).containsEntry("defaultMode", 0400);
        Map<String, Object> init = map(list(podSpec().get("initContainers")).get(0));
        assertThat(mounts(init)).containsEntry("secret", "/secret");
        Path secret = Path.of(argument("--secret"));
        String runDir = mounts(container()).get("run");
        assertThat(secret.getParent().toString()).isEqualTo(runDir);
        assertThat(list(init.get("command"))).contains("0400", secret.toString());
        assertThat(map(volumes().get("run").get("emptyDir"))).containsEntry("medium", "Memory");
    }

    @Test
    void probesUseTheAdminEndpointAndTheBudgetKeepsAMajority() {
        int admin = Integer.parseInt(argument("--admin"));
        assertThat(containerPorts()).containsEntry("admin", admin);
        Map<String, Object> container = container();
        assertThat(probe(container, "livenessProbe")).containsEntry("path", "/health").containsEntry("port", "admin");
        assertThat(probe(container, "startupProbe")).containsEntry("path", "/health").containsEntry("port", "admin");
        assertThat(probe(container, "readinessProbe")).containsEntry("path", "/ready").containsEntry("port", "admin");

        Map<String, Object> pdb = map(byKind.get("PodDisruptionBudget").get("spec"));
        assertThat(map(pdb.get("selector")).get("matchLabels")).isEqualTo(podLabels());
        int voters = argument("--members").split(",").length;
        assertThat(voters - (Integer) pdb.get("maxUnavailable")).isGreaterThanOrEqualTo(voters / 2 + 1);
    }

    @Test
    void theDockerfileBuildsFromTheJarAndExposesThePorts() throws IOException {
        String dockerfile = Files.readString(DIR.resolve("Dockerfile"));
        assertThat(dockerfile).contains("FROM eclipse-temurin:17-jre").contains("COPY target/conclave.jar ");
        assertThat(dockerfile).containsPattern("EXPOSE " + transportPort() + " " + (transportPort() + fdSockOffset())
                + " " + argument("--admin"));
        assertThat(dockerfile).contains("USER " + map(podSpec().get("securityContext")).get("runAsUser"));
    }

    // --- the manifests' parts

    private static Map<String, Object> podSpec() {
        return map(map(map(byKind.get("StatefulSet").get("spec")).get("template")).get("spec"));
    }

    private static Object podLabels() {
        return map(map(map(map(byKind.get("StatefulSet").get("spec")).get("template")).get("metadata"))).get("labels");
    }

    private static Map<String, Object> container() {
        List<Object> containers = list(podSpec().get("containers"));
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    private static List<String> args() {
        return list(container().get("args")).stream().map(String::valueOf).toList();
    }

    private static String argument(String option) {
        return args().stream().filter(a -> a.startsWith(option + "=")).map(a -> a.substring(option.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError("no " + option + "= in the peer's args " + args()));
    }

    private static Map<String, String> env() {
        return list(container().get("env")).stream().map(KubernetesManifestsTest::map)
                .collect(Collectors.toMap(e -> (String) e.get("name"), e -> String.valueOf(e.getOrDefault("value", "(from field)"))));
    }

    private static Map<String, Integer> containerPorts() {
        return list(container().get("ports")).stream().map(KubernetesManifestsTest::map)
                .collect(Collectors.toMap(p -> (String) p.get("name"), p -> (Integer) p.get("containerPort")));
    }

    private static Map<String, String> mounts(Map<String, Object> container) {
        return list(container.get("volumeMounts")).stream().map(KubernetesManifestsTest::map)
                .collect(Collectors.toMap(m -> (String) m.get("name"), m -> (String) m.get("mountPath")));
    }

    private static Map<String, Map<String, Object>> volumes() {
        return list(podSpec().get("volumes")).stream().map(KubernetesManifestsTest::map)
                .collect(Collectors.toMap(v -> (String) v.get("name"), v -> v));
    }

    private static Map<String, Object> probe(Map<String, Object> container, String kind) {
        return map(map(container.get(kind)).get("httpGet"));
    }

    // --- the stack the pods run

    private static StackDefinition stack() {
        return StackSource.load(argument("--stack"));
    }

    private static int transportPort() {
        StackDefinition stack = stack();
        ProtocolSpec tcp = stack.find("TCP").orElseThrow();
        return Integer.parseInt(new Placeholders(Map.of()).resolve(tcp.attributes().get("bind_port"), stack, tcp, "bind_port"));
    }

    /** FD_SOCK2 listens on the transport port plus its offset (100 unless the stack says otherwise). */
    private static int fdSockOffset() {
        return Integer.parseInt(stack().find("FD_SOCK2").orElseThrow().attributes().getOrDefault("offset", "100"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }
}
