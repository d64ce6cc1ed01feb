package io.conclave.stack;

import io.conclave.election.ConclaveException;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves JGroups-style placeholders: {@code ${name}}, {@code ${name:default}} and
 * {@code ${a,b:default}} (first of a, b that has a value), in the order JGroups itself uses
 * ({@code Util.getProperty}), so any JGroups XML file means under Conclave what it means under JGroups.
 * For each name in turn: the peer's own settings ({@code --set}, and what the peer sets from its options, so
 * several peers in one JVM can have different ports and names), then the system property, then the
 * environment variable; the first name with a value wins; else the default. A placeholder without a value
 * and without a default is an error naming the stack file and line.
 */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, String> peerSettings;
    private final Map<String, String> environment;

    public Placeholders(Map<String, String> peerSettings) {
        this(peerSettings, System.getenv());
    }

    /** With an environment of the caller's choosing (tests; the real one is {@link System#getenv()}). */
    Placeholders(Map<String, String> peerSettings, Map<String, String> environment) {
        this.peerSettings = peerSettings;
        this.environment = environment;
    }

    /** Resolves every placeholder in one attribute value; a placeholder with no value and no default is an error. */
    public String resolve(String value, StackDefinition stack, ProtocolSpec protocol, String attribute) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = valueOf(m.group(1));
            if (replacement == null) {
                String name = m.group(1).split(",")[0].trim();
                throw new ConclaveException(stack.at(protocol) + ": " + protocol.name() + " " + attribute + "=\""
                        + value + "\" uses ${" + m.group(1) + "}, which has no value; set it with PeerConfig.settings " + name
                        + "=value (or -D" + name + "=value, or the environment variable " + name
                        + "), or give a default in the stack (${" + m.group(1) + ":value})");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String valueOf(String expression) {
        int colon = expression.indexOf(':');
        String keys = colon < 0 ? expression : expression.substring(0, colon);
        for (String key : keys.split(",")) {
            String v = lookup(key.trim());
            if (v != null) {
                return v;
            }
        }
        return colon < 0 ? null : expression.substring(colon + 1);
    }

    private String lookup(String key) {
        if (peerSettings.containsKey(key)) {
            return peerSettings.get(key);
        }
        String property = System.getProperty(key);
        return property != null ? property : environment.get(key);
    }
}
