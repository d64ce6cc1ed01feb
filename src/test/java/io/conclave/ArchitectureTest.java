package io.conclave;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules of docs/packages.md, checked on the sources: which package may use which. A plain scan of
 * {@code src/main/java}: every {@code io.conclave...} or {@code org.jgroups...} name in the code (imports and
 * fully qualified names alike; comments and string literals left out, as they name classes without using them).
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Set<String> PUBLIC_API = Set.of("io.conclave", "io.conclave.election");
    private static final Set<String> TOOLS = Set.of("io.conclave.cli", "io.conclave.shell", "io.conclave.lab",
            "io.conclave.bench", "io.conclave.script", "io.conclave.timeline");

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A qualified name: its lower-case segments are the package, the first capitalised one the type. */
    private static final Pattern QUALIFIED = Pattern.compile("\\b((?:io\\.conclave|org\\.jgroups)(?:\\.[a-z]\\w*)*)\\.[A-Z*]");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile(
            "/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'", Pattern.DOTALL);

    private static final PackageGraph MAIN = PackageGraph.scan(SOURCES);

    @Test
    void theScanSeesTheWholeCodeBase() {
        // a broken scan (wrong directory, a pattern that matches nothing) would make every rule below pass
        assertThat(MAIN.packages()).contains("io.conclave", "io.conclave.election", "io.conclave.peer", "io.conclave.spi",
                "io.conclave.cli");
        assertThat(MAIN.uses("io.conclave.cli", "io.conclave.election")).isTrue();
        assertThat(MAIN.uses("io.conclave.lab", "io.conclave.shell")).isTrue();
        assertThat(MAIN.uses("io.conclave.peer", "org.jgroups")).isTrue();
    }

    @Test
    void noPackageCycles() {
        assertThat(MAIN.cycles()).as("package cycles (each: the cycle, then the files that make its arrows)").isEmpty();
    }

    @Test
    void thePublicApiNamesNoJgroupsType() {
        for (String api : PUBLIC_API) {
            assertThat(MAIN.filesUsing(api, "org.jgroups")).as("files of %s naming org.jgroups", api).isEmpty();
        }
    }

    @Test
    void theCoreUsesNoTool() {
        Map<String, Set<String>> wrong = new TreeMap<>();
        for (String from : MAIN.packages()) {
            if (TOOLS.contains(from)) {
                continue;
            }
            for (String tool : TOOLS) {
                Set<String> files = MAIN.filesUsing(from, tool);
                if (!files.isEmpty()) {
                    wrong.put(from + " -> " + tool, files);
                }
            }
        }
        assertThat(wrong).as("core packages using a tool (cli, shell, lab, bench, script, timeline)").isEmpty();
    }

    @Test
    void theCycleFinderReportsTheCycleOfAMadeUpGraph() {
        PackageGraph graph = new PackageGraph();
        graph.add("a", "b", "A.java");
        graph.add("b", "c", "B.java");
        graph.add("c", "a", "C.java");
        graph.add("d", "a", "D.java");
        graph.add("x", "y", "X.java");
        graph.add("y", "x", "Y.java");

        assertThat(graph.cycles()).containsExactly(
                "a -> b -> c -> a [a -> b: A.java; b -> c: B.java; c -> a: C.java]",
                "x -> y -> x [x -> y: X.java; y -> x: Y.java]");
    }

    /**
     * On the module path JGroups creates a stack's protocols by reflection: a protocol of ours that a bundled stack
     * names is only usable if module-info opens its package to org.jgroups (EmbeddingIT runs one such stack).
     */
    @Test
    void everyPackageWhoseProtocolsTheStacksNameIsOpenToJgroups() throws IOException {
        String moduleInfo = Files.readString(Path.of("src/main/module-info/module-info.java"));
        Pattern named = Pattern.compile("<(io\\.conclave(?:\\.\\w+)*)\\.[A-Z][A-Z0-9_]*[\\s/>]");
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> stacks = Files.list(Path.of("stacks"))) {
            for (Path stack : stacks.filter(p -> p.toString().endsWith(".xml")).toList()) {
                Matcher m = named.matcher(Files.readString(stack));
                while (m.find()) {
                    packages.add(m.group(1));
                }
            }
        }
        assertThat(packages).as("packages of protocols the stacks name").isNotEmpty();
        for (String pkg : packages) {
            assertThat(moduleInfo).as("module-info opens " + pkg).contains("opens " + pkg + " to org.jgroups;");
        }
    }

    @Test
    void theCycleFinderAcceptsALayeredGraph() {
        PackageGraph graph = new PackageGraph();
        graph.add("tool", "core", "Tool.java");
        graph.add("tool", "api", "Tool.java");
        graph.add("core", "api", "Core.java");

        assertThat(graph.cycles()).isEmpty();
    }

    @Test
    void theScanReadsQualifiedNamesInCodeButNotInCommentsOrStrings() {
        String source = """
                package io.conclave.lab;
                import io.conclave.shell.Console;
                import static io.conclave.json.Json.write;
                /** See {@link io.conclave.bench.Stats}. */
                class Lab {
                    String fix = "add <io.conclave.fault.FAULTS/>"; // io.conclave.cli.Main
                    Object view = io.conclave.election.ElectionEvent.Merged.class;
                    java.util.List<org.jgroups.View> views;
                }
                """;
        PackageGraph graph = new PackageGraph();
        graph.read(source, "Lab.java");

        assertThat(graph.packages()).containsExactlyInAnyOrder("io.conclave.lab");
        assertThat(graph.targets("io.conclave.lab"))
                .containsExactlyInAnyOrder("io.conclave.shell", "io.conclave.json", "io.conclave.election", "org.jgroups");
    }

    /** Which package uses which, and in which files. JGroups counts as one package, {@code org.jgroups}. */
    static final class PackageGraph {

        private final Map<String, Map<String, Set<String>>> edges = new TreeMap<>();

        static PackageGraph scan(Path root) {
            PackageGraph graph = new PackageGraph();
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> {
                    try {
                        graph.read(Files.readString(f), root.relativize(f).toString());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return graph;
        }

        void read(String source, String file) {
            Matcher declared = PACKAGE.matcher(source);
            if (!declared.find()) {
                return;
            }
            String from = declared.group(1);
            edges.computeIfAbsent(from, p -> new TreeMap<>());
            Matcher used = QUALIFIED.matcher(COMMENTS_AND_STRINGS.matcher(source).replaceAll(" "));
            while (used.find()) {
                String to = used.group(1).startsWith("org.jgroups") ? "org.jgroups" : used.group(1);
                if (!to.equals(from)) {
                    add(from, to, file);
                }
            }
        }

        void add(String from, String to, String file) {
            edges.computeIfAbsent(from, p -> new TreeMap<>()).computeIfAbsent(to, p -> new TreeSet<>()).add(file);
        }

        /** The packages that have sources. */
        Set<String> packages() {
            return edges.keySet();
        }

        Set<String> targets(String from) {
            return edges.getOrDefault(from, Map.of()).keySet();
        }

        boolean uses(String from, String to) {
            return !filesUsing(from, to).isEmpty();
        }

        Set<String> filesUsing(String from, String to) {
            return edges.getOrDefault(from, Map.of()).getOrDefault(to, Set.of());
        }

        /**
         * One shortest cycle through each package that lies on one (a package already reported on an earlier
         * cycle is not started from again), each with the files behind its arrows.
         */
        List<String> cycles() {
            List<String> cycles = new ArrayList<>();
            Set<String> reported = new HashSet<>();
            for (String start : edges.keySet()) {
                if (reported.contains(start)) {
                    continue;
                }
                List<String> cycle = shortestPathBack(start);
                if (!cycle.isEmpty()) {
                    reported.addAll(cycle);
                    cycles.add(describe(cycle));
                }
            }
            return cycles;
        }

        /** start, ..., start along the fewest arrows; empty if no path leads back. */
        private List<String> shortestPathBack(String start) {
            Map<String, String> cameFrom = new HashMap<>();
            Deque<String> queue = new ArrayDeque<>(List.of(start));
            while (!queue.isEmpty()) {
                String at = queue.poll();
                for (String next : targets(at)) {
                    if (next.equals(start)) {
                        List<String> path = new ArrayList<>(List.of(start));
                        for (String p = at; !p.equals(start); p = cameFrom.get(p)) {
                            path.add(1, p);
                        }
                        path.add(start);
                        return path;
                    }
                    if (!cameFrom.containsKey(next)) {
                        cameFrom.put(next, at);
                        queue.add(next);
                    }
                }
            }
            return List.of();
        }

        private String describe(List<String> cycle) {
            Map<String, Set<String>> arrows = new LinkedHashMap<>();
            for (int i = 0; i + 1 < cycle.size(); i++) {
                arrows.put(cycle.get(i) + " -> " + cycle.get(i + 1), filesUsing(cycle.get(i), cycle.get(i + 1)));
            }
            List<String> why = arrows.entrySet().stream().map(a -> a.getKey() + ": " + String.join(", ", a.getValue())).toList();
            return String.join(" -> ", cycle) + " [" + String.join("; ", why) + "]";
        }
    }
}
