package io.conclave.coordinator;

import org.jgroups.annotations.MBean;
import org.jgroups.annotations.Property;
import org.jgroups.stack.Protocol;


/**
 * Declares, inside a stack file, that a side needs a majority of {@code size} members to have a leader:
 * {@code <io.conclave.coordinator.QUORUM size="5"/>}. It passes every message through untouched; the
 * coordinator elector reads the size, and holds leadership on the lease of {@link io.conclave.lease.LEASE}.
 */
@MBean(description = "Majority quorum for coordinator-mode leader election")
public class QUORUM extends Protocol {

    @Property(description = "The declared cluster size N; a side leads only with at least N/2+1 members")
    protected int size;

    public int size() {
        return size;
    }

    @Override
    public void init() throws Exception {
        super.init();
        if (size < 1) {
            throw new IllegalArgumentException("QUORUM size must be at least 1, but is " + size);
        }
    }
}
