package io.conclave.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the Debian tools some tests drive (chromium, promtool, haproxy, dnsmasq): on the PATH, and in the sbin
 * directories a non-root PATH leaves out (dnsmasq lives in /usr/sbin). Tests skip with a clear message where
 * a tool is missing; .ci/run installs them all.
 */
public final class Tools {

    private Tools() {
    }

    /** The first of {@code names} found, or empty. */
    public static Optional<Path> find(String... names) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin"));
        for (String dir : dirs) {
            for (String name : names) {
                Path candidate = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
