package io.conclave.peer;

import io.conclave.election.ViewInfo;
import org.jgroups.Address;
import org.jgroups.View;

import java.util.List;

/** Converts JGroups views to plain values. */
final class Views {

    private Views() {
    }

    static ViewInfo of(View view) {
        List<String> members = view.getMembers().stream().map(Views::name).toList();
        return new ViewInfo(name(view.getCreator()), view.getViewId().getId(), members);
    }

    /** The logical name of a member (JGroups prints addresses as their logical names when it knows them). */
    static String name(Address address) {
        return String.valueOf(address);
    }
}
