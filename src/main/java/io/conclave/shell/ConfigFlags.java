package io.conclave.shell;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line's name for each {@code PeerConfig} field. The core's messages speak to whoever built the
 * config, so they name the field ({@code PeerConfig.members}, {@code PeerConfig.members=A,B,C}); a user of the
 * CLI set it with a flag, so wherever the CLI prints such a message it reads {@code --members},
 * {@code --members A,B,C}.
 */
public final class ConfigFlags {

    private static final Map<String, String> FLAG_OF_FIELD = Map.ofEntries(
            Map.entry("stack", "--stack"),
            Map.entry("cluster", "--cluster"),
            Map.entry("name", "--name"),
            Map.entry("bindAddr", "--bind-addr"),
            Map.entry("port", "--port"),
            Map.entry("initialHosts", "--initial-hosts"),
            Map.entry("dataDir", "--data-dir"),
            Map.entry("members", "--members"),
            Map.entry("learner", "--learner"),
            Map.entry("settings", "--set"),
            Map.entry("allowFaults", "--allow-faults"),
            Map.entry("secretFile", "--secret"),
            Map.entry("admin", "--admin"),
            Map.entry("adminTokenFile", "--admin-token"));

    /**
     * {@code PeerConfig.FIELD}, and what joins it to a value that follows: {@code =VALUE} is written
     * {@code --flag VALUE}, and {@code =true} of a boolean field is the flag alone.
     */
    private static final Pattern FIELD = Pattern.compile("PeerConfig\\.(\\w+)(=true\\b|=)?");

    private ConfigFlags() {
    }

    /** {@code message} with each config field it names written as the flag that sets it. */
    public static String inFlags(String message) {
        return FIELD.matcher(message).replaceAll(field -> {
            String flag = FLAG_OF_FIELD.get(field.group(1));
            String joint = field.group(2);
            String text = flag == null ? field.group() : flag + ("=".equals(joint) ? " " : "");
            return Matcher.quoteReplacement(text);
        });
    }
}
