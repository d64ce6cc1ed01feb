package io.conclave.stack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One protocol element of a stack file, as written (before placeholders are resolved).
 *
 * @param name       the element name: "UDP", "pbcast.GMS", "raft.RAFT", or a class name
 * @param attributes attribute name to raw value, in file order
 * @param line       the line of the element in the file, for error messages
 */
public record ProtocolSpec(String name, Map<String, String> attributes, int line) {

    public ProtocolSpec {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The name without a package prefix: "GMS" for "pbcast.GMS", "RAFT" for "raft.RAFT". */
    public String simpleName() {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    public boolean is(String nameOrSimpleName) {
        return name.equals(nameOrSimpleName) || simpleName().equals(nameOrSimpleName);
    }
}
