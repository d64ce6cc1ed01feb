package io.conclave.peer;

import io.conclave.election.Mode;
import io.conclave.election.StackInfo;
import io.conclave.spi.RuntimeProtocol;
import io.conclave.stack.StackDefinition;
import org.jgroups.stack.Protocol;
import org.jgroups.stack.ProtocolStack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the settings that decide failover and merge speed from the live protocols. */
final class StackSummary {

    /** Protocol name to the attributes worth showing, in the order a reader wants them. */
    private static final Map<String, List<String>> TIMINGS = Map.ofEntries(
            Map.entry("FD_ALL3", List.of("timeout", "interval")),
            Map.entry("FD_HUB", List.of("timeout", "interval")),
            Map.entry("FD_SOCK2", List.of("offset")),
            Map.entry("VERIFY_SUSPECT2", List.of("timeout")),
            Map.entry("VERIFY_SUSPECT", List.of("timeout")),
            Map.entry("MERGE3", List.of("min_interval", "max_interval", "check_interval")),
            Map.entry("GMS", List.of("join_timeout", "leave_timeout", "merge_timeout", "view_ack_collection_timeout", "membership_change_policy")),
            Map.entry("TCPPING", List.of("initial_hosts")),
            Map.entry("QUORUM", List.of("size")),
            Map.entry("RAFT", List.of("members", "log_use_fsync", "resend_interval")),
            Map.entry("ELECTION2", List.of("vote_timeout")));

    private StackSummary() {
    }

    static StackInfo of(StackDefinition definition, Mode mode, ProtocolStack live) {
        List<Protocol> bottomUp = new ArrayList<>(live.getProtocols());
        java.util.Collections.reverse(bottomUp);
        List<String> names = new ArrayList<>();
        List<StackInfo.Setting> timings = new ArrayList<>();
        for (Protocol protocol : bottomUp) {
            if (protocol instanceof RuntimeProtocol) {
                continue;
            }
            String name = protocol.getName();
            names.add(name);
            for (String attribute : timingsOf(protocol)) {
                Object value = valueOf(protocol, attribute);
                if (value != null) {
                    timings.add(new StackInfo.Setting(name, attribute, format(attribute, value)));
                }
            }
        }
        return new StackInfo(definition.origin(), definition.description(), mode, names, timings);
    }

    /** The attributes shown for {@code protocol}'s class, or for the JGroups protocol it extends (SERIAL_MERGE3). */
    private static List<String> timingsOf(Protocol protocol) {
        for (Class<?> type = protocol.getClass(); type != Protocol.class; type = type.getSuperclass()) {
            List<String> attributes = TIMINGS.get(type.getSimpleName());
            if (attributes != null) {
                return attributes;
            }
        }
        return List.of();
    }

    private static Object valueOf(Protocol protocol, String attribute) {
        try {
            Object value = protocol.getValue(attribute);
            if (value != null) {
                return value;
            }
        } catch (RuntimeException e) {
            // not a field: jgroups-raft declares some properties on accessors (members(), logUseFsync())
        }
        try {
            return protocol.getClass().getMethod(accessorName(attribute)).invoke(protocol);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** "log_use_fsync" to "logUseFsync". */
    private static String accessorName(String attribute) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : attribute.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    private static String format(String attribute, Object value) {
        if (value instanceof Number n && (attribute.endsWith("timeout") || attribute.endsWith("interval"))) {
            return n + " ms";
        }
        if (value instanceof org.jgroups.stack.MembershipChangePolicy policy) {
            return policy.getClass().getSimpleName();
        }
        if (value instanceof Object[] array) {
            return String.join(",", java.util.Arrays.stream(array).map(String::valueOf).toList());
        }
        if (value instanceof java.util.Collection<?> list) {
            return String.join(",", list.stream().map(String::valueOf).sorted().toList());
        }
        return String.valueOf(value);
    }
}
