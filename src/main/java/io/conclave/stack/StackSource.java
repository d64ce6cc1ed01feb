package io.conclave.stack;

import io.conclave.election.ConclaveException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds a stack by bundled name ("udp") or by file path, so the jar works from any directory.
 * Bundled stacks live in the jar under {@code stacks/}.
 */
public final class StackSource {

    /** The stacks shipped in {@code stacks/}, in the order {@code conclave stacks} lists them. */
    public static final List<String> BUNDLED = List.of("udp", "udp-large", "tcp", "quorum-udp", "raft-udp", "raft-tcp", "secure-udp",
            "secure-tcp", "secure-raft-udp", "dns", "raft-dns", "secure-raft-dns", "gossip");

    private StackSource() {
    }

    /** Names a stack file inside a jar on the classpath, e.g. JGroups' own {@code classpath:udp.xml}. */
    public static final String CLASSPATH_PREFIX = "classpath:";

    /** Loads, parses and lints a stack, or throws a {@link ConclaveException} saying what is wrong. */
    public static StackDefinition load(String nameOrPath) {
        StackDefinition stack = read(nameOrPath);
        StackLint.check(stack);
        return stack;
    }

    private static StackDefinition read(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new ConclaveException("no stack given (PeerConfig.stack); use a path to a JGroups XML file or one of: "
                    + String.join(", ", BUNDLED));
        }
        if (nameOrPath.startsWith(CLASSPATH_PREFIX)) {
            String resource = nameOrPath.substring(CLASSPATH_PREFIX.length());
            String text = readResource(resource);
            if (text == null) {
                throw new ConclaveException("no stack " + resource + " on the classpath (PeerConfig.stack=" + nameOrPath
                        + "); JGroups ships e.g. classpath:udp.xml and classpath:tcp.xml, jgroups-raft classpath:raft.xml");
            }
            return StackParser.parse(nameOrPath, text);
        }
        String bundledName = bundledName(nameOrPath);
        if (bundledName != null) {
            return StackParser.parse(bundledName, readBundled(bundledName));
        }
        Path path = Path.of(nameOrPath);
        if (!Files.exists(path)) {
            throw new ConclaveException("stack file " + nameOrPath + " not found (PeerConfig.stack); give a path to a JGroups XML file or a bundled stack: "
                    + String.join(", ", BUNDLED) + " (see 'conclave stacks')");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConclaveException("stack file " + nameOrPath + " is not a readable file (PeerConfig.stack)");
        }
        try {
            return StackParser.parse(nameOrPath, Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConclaveException("cannot read stack file " + nameOrPath + ": " + e.getMessage());
        }
    }

    /** "udp" and "udp.xml" name the bundled stack unless a file of that name exists here. */
    private static String bundledName(String nameOrPath) {
        String name = nameOrPath.endsWith(".xml") ? nameOrPath.substring(0, nameOrPath.length() - 4) : nameOrPath;
        if (!BUNDLED.contains(name)) {
            return null;
        }
        return nameOrPath.endsWith(".xml") && Files.exists(Path.of(nameOrPath)) ? null : name;
    }

    private static String readBundled(String name) {
        String text = readResource("stacks/" + name + ".xml");
        if (text == null) {
            throw new IllegalStateException("bundled stack stacks/" + name + ".xml is missing from the jar");
        }
        return text;
    }

    /** The text of a classpath resource, or null if there is none. */
    private static String readResource(String resource) {
        try (InputStream in = StackSource.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + " from the classpath", e);
        }
    }
}
