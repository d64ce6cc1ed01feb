package io.conclave.election;

import io.conclave.election.ConclaveException;

/** What makes a peer name usable in views, member lists and the lab's "A,B / C" syntax. */
public final class PeerNames {

    public static final int MAX_LENGTH = 64;

    private PeerNames() {
    }

    public static void requireValid(String name) {
        String problem = problemWith(name);
        if (problem != null) {
            throw new ConclaveException("invalid peer name '" + name + "' (PeerConfig.name): " + problem);
        }
    }

    /** Why the name cannot be used, or null if it can. */
    public static String problemWith(String name) {
        if (name == null || name.isEmpty()) {
            return "the name is empty; give a short name such as A or node-1";
        }
        if (name.length() > MAX_LENGTH) {
            return "the name has " + name.length() + " characters; use at most " + MAX_LENGTH;
        }
        if (name.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',' || c == '/' || Character.isISOControl(c))) {
            return "names may not contain whitespace, ',' or '/'; use letters, digits, '-', '_' or '.'";
        }
        if (name.equals("*")) {
            return "'*' stands for every other peer in a partition; use letters, digits, '-', '_' or '.'";
        }
        return null;
    }
}
