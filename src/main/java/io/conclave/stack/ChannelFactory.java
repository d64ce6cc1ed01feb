package io.conclave.stack;

import io.conclave.election.ConclaveException;
import org.jgroups.JChannel;
import org.jgroups.conf.ProtocolConfiguration;
import org.jgroups.conf.ProtocolStackConfigurator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a JChannel from a parsed stack, turning JGroups' configuration errors into one line with file and line. */
public final class ChannelFactory {

    private ChannelFactory() {
    }

    public static JChannel create(StackDefinition stack, Placeholders placeholders) {
        List<ProtocolConfiguration> configs = new ArrayList<>();
        for (ProtocolSpec protocol : stack.protocols()) {
            requireKnownProtocol(stack, protocol);
            Map<String, String> resolved = new LinkedHashMap<>();
            protocol.attributes().forEach((name, value) -> {
                String actual = placeholders.resolve(value, stack, protocol, name);
                StackLint.checkResolved(stack, protocol, name, actual);
                resolved.put(name, actual);
            });
            configs.add(new ProtocolConfiguration(classFor(protocol), resolved));
        }
        ProtocolStackConfigurator configurator = new ProtocolStackConfigurator() {
            @Override
            public String getProtocolStackString() {
                return stack.origin();
            }

            @Override
            public List<ProtocolConfiguration> getProtocolStack() {
                return configs;
            }
        };
        try {
            return new JChannel(configurator);
        } catch (Exception e) {
            throw new ConclaveException(describe(stack, e), e);
        }
    }

    /**
     * The class that runs {@code protocol}: the stack's own name, except that jgroups-raft's RAFT runs as
     * {@code io.conclave.raft.CHECKED_RAFT}, which closes a window in which a follower's committed log can diverge.
     */
    private static String classFor(ProtocolSpec protocol) {
        return ProtocolClasses.resolve(protocol.name()) == org.jgroups.protocols.raft.RAFT.class
                ? "io.conclave.raft.CHECKED_RAFT" : protocol.name();
    }

    private static void requireKnownProtocol(StackDefinition stack, ProtocolSpec protocol) {
        if (ProtocolClasses.resolve(protocol.name()) == null) {
            throw new ConclaveException(StackLint.unknownProtocol(stack, protocol));
        }
    }

    /**
     * Points at the protocol the JGroups message is about, so the user knows which line to fix. JGroups wraps
     * its errors several times; the deepest message that names a protocol of the stack says the most.
     */
    static String describe(StackDefinition stack, Throwable error) {
        String message = null;
        ProtocolSpec culprit = null;
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            String text = String.valueOf(t.getMessage()).replaceAll("\\s+", " ").trim();
            ProtocolSpec named = stack.protocols().stream()
                    .filter(p -> text.contains(p.simpleName()))
                    .max(Comparator.comparingInt(p -> p.simpleName().length()))
                    .orElse(null);
            if (named != null || message == null) {
                message = text;
                culprit = named == null ? culprit : named;
            }
        }
        String where = culprit == null ? stack.origin() : stack.at(culprit) + " <" + culprit.name() + ">";
        return where + ": " + message + " (fix the stack file)";
    }
}
