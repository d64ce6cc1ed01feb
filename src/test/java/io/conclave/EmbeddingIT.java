package io.conclave;

import io.conclave.support.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The library as an embedder gets it: the plain jar's module descriptor, and demo/embedded built against the
 * installed jar and POM, then run as real processes on loopback, on the class path and on the module path.
 */
class EmbeddingIT {

    private static final Path LIBRARY_JAR = Path.of(System.getProperty("conclave.library.jar"));
    private static final String DEMO_LOG_PREFIX = "[leader-only-service] ";
    private static final Pattern LEADING = Pattern.compile("leading with fencing token (\\d+)");

    /** Where the demo is built, once for the whole class, by the first test that needs it. */
    @TempDir
    static Path build;
    private static Path demo;

    private final List<Process> services = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void stopServices() throws InterruptedException {
        services.forEach(Process::destroy);
        for (Process service : services) {
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    @Test
    void theLibraryModuleExportsOnlyTheApi() throws IOException {
        ModuleReference module = ModuleFinder.of(LIBRARY_JAR).findAll().iterator().next();
        ModuleDescriptor descriptor = module.descriptor();

        assertThat(descriptor.isAutomatic()).as("a module-info, not a name derived from the jar").isFalse();
        assertThat(descriptor.name()).isEqualTo("io.conclave");
        assertThat(descriptor.exports()).allMatch(export -> !export.isQualified())
                .extracting(ModuleDescriptor.Exports::source)
                .containsExactlyInAnyOrder("io.conclave", "io.conclave.election");
        try (JarFile jar = new JarFile(LIBRARY_JAR.toFile())) {
            assertThat(jar.stream().map(entry -> entry.getName()))
                    .as("nothing that would configure the host's log4j")
                    .noneMatch(name -> name.startsWith("log4j2"));
        }
    }

    @Test
    void theDemoBuildsOnTheInstalledLibraryWithoutTheCliDependencies() throws IOException {
        List<String> tree = Files.readAllLines(builtDemo().resolve("tree.txt"));

        assertThat(tree).anyMatch(line -> line.contains("io.conclave:conclave:jar:"));
        assertThat(String.join("\n", tree)).doesNotContain("picocli").doesNotContainIgnoringCase("jline");
        assertThat(tree).filteredOn(line -> line.contains("log4j-core"))
                .as("log4j-core only as the demo's own, direct dependency")
                .singleElement().satisfies(line -> assertThat(line).matches("[+\\\\]- org\\.apache\\.logging\\.log4j:log4j-core:.*"));
    }

    @Test
    void servicesTakeTurnsLeadingUnderRisingTokensAndLogInTheDemosPattern() throws Exception {
        Path demo = builtDemo();
        String cluster = "embedding-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        int mcastPort = ThreadLocalRandom.current().nextInt(20_000, 60_000);
        List<String> names = List.of("A", "B", "C");
        for (String name : names) {
            start(name, cluster, mcastPort, names.size(), "quorum-udp", List.of("-jar", demo.resolve("target/leader-only-service.jar").toString()));
        }

        long firstToken = awaitOneLeaderSeenByAll(names);
        String first = names.stream().filter(name -> LEADING.matcher(output(name)).find()).findFirst().orElseThrow();

        // A graceful stop (SIGTERM): the work stops, the peer leaves, one of the other two takes over.
        Process stopped = services.get(names.indexOf(first));
        stopped.destroy();
        assertThat(stopped.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(output(first)).contains("stopped leading (fencing token " + firstToken + ")");
        List<String> rest = names.stream().filter(name -> !name.equals(first)).toList();
        assertThat(awaitOneLeaderSeenByAll(rest)).isGreaterThan(firstToken);

        for (String name : names) {
            List<String> lines = output(name).lines().filter(line -> !line.isBlank()).toList();
            assertThat(lines).as(name + ": every line in the demo's log4j2.xml pattern")
                    .allMatch(line -> line.startsWith(DEMO_LOG_PREFIX));
            assertThat(lines).as(name + ": JGroups logs through the demo's configuration too")
                    .anyMatch(line -> line.contains(" JChannel - local_addr"));
        }
    }

    /**
     * Waits until exactly one of {@code names} has logged that it leads (ever: a second leader would stay in
     * the output and fail this), with its work under that token, and all of them name it; returns the token.
     */
    private long awaitOneLeaderSeenByAll(List<String> names) {
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> {
            List<String> leaders = names.stream().filter(name -> LEADING.matcher(output(name)).find()).toList();
            assertThat(leaders).as("services that logged they lead").hasSizeLessThanOrEqualTo(1);
            if (leaders.isEmpty()) {
                return null;
            }
            String leader = leaders.get(0);
            Matcher token = LEADING.matcher(output(leader));
            assertThat(token.find()).isTrue();
            boolean agreed = output(leader).contains("work unit 1 stamped with fencing token " + token.group(1))
                    && names.stream().allMatch(name -> output(name).contains("leader is now " + leader + " (epoch " + token.group(1) + ")"));
            return agreed ? Long.parseLong(token.group(1)) : null;
        }, Objects::nonNull);
    }

    /**
     * The service again with the library on the module path, so its module-info is the one that counts: the
     * bundled stack is found and JGroups creates Conclave's protocols (LEASE, QUORUM, FAULTS) by reflection; in
     * raft mode nothing reaches into jgroups-raft's packages that its module does not export.
     */
    @ParameterizedTest
    @ValueSource(strings = {"quorum-udp", "raft-udp"})
    void theServiceRunsWithTheLibraryAsANamedModule(String stack) throws Exception {
        Path demo = builtDemo();
        Path modules = build.resolve("modules");
        // jgroups-raft 1.1.4's module-info requires mashona.logwriting, which its POM marks optional; mashona, once
        // there, needs jboss-logging as soon as a raft log is opened.
        for (String artifact : List.of("io.mashona:mashona-logwriting:1.1.0", "org.jboss.logging:jboss-logging:3.4.1.Final")) {
            maven(Tools.find("mvn").orElseThrow(), demo, "dependency:copy", "-Dartifact=" + artifact, "-DoutputDirectory=" + modules);
        }
        String modulePath = modules + File.pathSeparator + demo.resolve("target/lib");
        List<String> launch = new ArrayList<>(List.of("-Dlog4j2.configurationFile=" + demo.resolve("target/classes/log4j2.xml"),
                "-Draft_members=M", "--module-path", modulePath, "--add-modules", "io.conclave,org.apache.logging.log4j.core"));
        if (stack.startsWith("raft")) {
            // jgroups-raft 1.1.4 opens nothing: JGroups sets RAFT's properties and creates the election headers by
            // reflection, and Conclave replaces a follower's append handling (FollowerAppendCheck); README, "Embedding"
            launch.addAll(List.of("--add-opens", "org.jgroups.raft/org.jgroups.protocols.raft=org.jgroups,io.conclave",
                    "--add-opens", "org.jgroups.raft/org.jgroups.protocols.raft.election=org.jgroups"));
        }
        launch.addAll(List.of("-cp", demo.resolve("target/classes").toString(), "io.conclave.demo.embedded.LeaderOnlyService"));

        start("M", "embedding-module-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()),
                ThreadLocalRandom.current().nextInt(20_000, 60_000), 1, stack, launch);

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(output("M")).containsPattern(LEADING));
    }

    /** One service on {@code stack}, as a process writing to {@code NAME.out}; {@code launch} is how java finds the classes. */
    private void start(String name, String cluster, int mcastPort, int clusterSize, String stack, List<String> launch)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.net.preferIPv4Stack=true", "-Djgroups.bind_addr=127.0.0.1", "-Djgroups.udp.ip_ttl=0",
                "-Djgroups.udp.mcast_port=" + mcastPort, "-Dconclave.cluster_size=" + clusterSize));
        command.addAll(launch);
        command.addAll(List.of(name, cluster, stack, tmp.resolve("data").resolve(name).toString()));
        services.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".out").toFile()).start());
    }

    private String output(String name) {
        try {
            return Files.readString(tmp.resolve(name + ".out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Installs the library jar and its POM into the local repository, then builds a copy of demo/embedded on it
     * and writes its dependency tree to tree.txt. Skips the test if there is no Maven to do it with.
     */
    private static synchronized Path builtDemo() throws IOException {
        Path mvn = Tools.find("mvn").orElse(null);
        Assumptions.assumeTrue(mvn != null, "mvn is not on the PATH: this test builds demo/embedded with it");
        if (demo == null) {
            maven(mvn, build, "org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file",
                    "-Dfile=" + LIBRARY_JAR.toAbsolutePath(), "-DpomFile=" + Path.of("pom.xml").toAbsolutePath());
            Path copy = copyOfDemo();
            maven(mvn, copy, "package");
            maven(mvn, copy, "dependency:tree", "-DoutputFile=tree.txt");
            demo = copy;
        }
        return demo;
    }

    /** demo/embedded without anything built in it, so the build under test starts from its sources. */
    private static Path copyOfDemo() throws IOException {
        Path source = Path.of("demo", "embedded");
        Path copy = build.resolve("embedded");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files.filter(f -> !source.relativize(f).startsWith("target"))::iterator) {
                Files.copy(file, copy.resolve(source.relativize(file).toString()));
            }
        }
        return copy;
    }

    /** Runs Maven online (CI is a fresh machine that downloads the plugins) and fails with its output. */
    private static void maven(Path mvn, Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-q", "-Dstyle.color=never"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(build, "mvn", ".out");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished;
        try {
            finished = process.waitFor(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished && process.exitValue() == 0).as(String.join(" ", command) + " in " + dir + ":\n"
                + Files.readString(log)).isTrue();
    }
}
