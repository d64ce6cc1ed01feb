package io.conclave.stack;

import io.conclave.election.ConclaveException;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves JGroups-style placeholders: {@code ${name}}, {@code ${name:default}} and
 * {@code ${a,b:default}} (first of a, b that has a value). Values come from the peer's own settings first,
 * so several peers in one JVM can have different ports and names, then from system properties.
 */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private final Function<String, String> lookup;

    public Placeholders(Map<String, String> peerSettings) {
        this.lookup = key -> peerSettings.containsKey(key) ? peerSettings.get(key) : System.getProperty(key);
    }

    /** Resolves every placeholder in one attribute value; a placeholder with no value and no default is an error. */
    public String resolve(String value, StackDefinition stack, ProtocolSpec protocol, String attribute) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = valueOf(m.group(1));
            if (replacement == null) {
                throw new ConclaveException(stack.at(protocol) + ": " + protocol.name() + " " + attribute + "=\""
                        + value + "\" uses ${" + m.group(1) + "}, which has no value; give a default (${"
                        + m.group(1) + ":value}) or set it with -D" + m.group(1).split(",")[0].trim() + "=value");
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
            String v = lookup.apply(key.trim());
            if (v != null) {
                return v;
            }
        }
        return colon < 0 ? null : expression.substring(colon + 1);
    }
}
