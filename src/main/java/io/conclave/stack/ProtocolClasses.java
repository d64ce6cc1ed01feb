package io.conclave.stack;

import java.util.List;

/** Finds the class of a protocol element the way JGroups does: "UDP" is org.jgroups.protocols.UDP, else a class name. */
final class ProtocolClasses {

    private static final String DEFAULT_PACKAGE = "org.jgroups.protocols.";

    private ProtocolClasses() {
    }

    /** The protocol's class, or null if there is none of that name. */
    static Class<?> resolve(String name) {
        ClassLoader loader = ProtocolClasses.class.getClassLoader();
        for (String candidate : List.of(DEFAULT_PACKAGE + name, name)) {
            try {
                return Class.forName(candidate, false, loader);
            } catch (ClassNotFoundException | LinkageError ignored) {
                // try the next spelling
            }
        }
        return null;
    }
}
