package io.conclave.coordinator;

import org.jgroups.annotations.MBean;
import org.jgroups.conf.AttributeType;
import org.jgroups.annotations.Property;
import org.jgroups.stack.Protocol;

import java.time.Duration;

/**
 * Declares, inside a stack file, that a side needs a majority of {@code size} members to have a leader:
 * {@code <io.conclave.coordinator.QUORUM size="5"/>}. It passes every message through untouched; the
 * coordinator elector reads the size.
 */
@MBean(description = "Majority quorum for coordinator-mode leader election")
public class QUORUM extends Protocol {

    @Property(description = "The declared cluster size N; a side leads only with at least N/2+1 members")
    protected int size;

    @Property(description = "A leader (and its followers) give up leadership when they have not heard from a majority "
            + "for this long; it must be shorter than the failure-detection timeout, so an old leader steps down "
            + "before the other side can elect a new one. 0 turns the lease off.", type = AttributeType.TIME)
    protected long lease = 1500;

    public int size() {
        return size;
    }

    public Duration lease() {
        return Duration.ofMillis(lease);
    }

    @Override
    public void init() throws Exception {
        super.init();
        if (size < 1) {
            throw new IllegalArgumentException("QUORUM size must be at least 1, but is " + size);
        }
        if (lease < 0) {
            throw new IllegalArgumentException("QUORUM lease must not be negative, but is " + lease);
        }
    }
}
