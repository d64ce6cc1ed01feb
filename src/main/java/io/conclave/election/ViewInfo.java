package io.conclave.election;

import java.util.List;

/**
 * A cluster view as a plain value: the JGroups view id ("A|3"), the members in view order and the
 * coordinator (always the first member).
 *
 * @param creator the member that created the view (first part of the id)
 * @param number  the view number (second part of the id); grows with every view a peer installs
 * @param members member names in view order
 */
public record ViewInfo(String creator, long number, List<String> members) {

    public ViewInfo {
        members = List.copyOf(members);
    }

    /** The id as JGroups prints it, without brackets: {@code A|3}. */
    public String id() {
        return creator + "|" + number;
    }

    public String coordinator() {
        return members.isEmpty() ? null : members.get(0);
    }

    public int size() {
        return members.size();
    }

    public boolean contains(String member) {
        return members.contains(member);
    }
}
