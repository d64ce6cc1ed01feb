package io.conclave.merge;

import org.jgroups.annotations.MBean;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.MERGE3;

import java.util.concurrent.locks.ReentrantLock;

/**
 * JGroups' MERGE3 with one view consistency check at a time. MERGE3 runs its check on a timer every
 * {@code check_interval}, and {@link EAGER_MERGE} runs it at once when a heal is heard; two checks at the same
 * moment share MERGE3's table of INFOs and its collector of view answers, so each can clear or reset what the
 * other is reading: the merge one of them would have sent is lost until a later INFO, or a check fails with a
 * ConcurrentModificationException (seen in RaftRandomPartitionTest's log). Here a check waits for the one
 * running, then runs on the INFOs that arrived meanwhile.
 * <p>
 * It keeps MERGE3's protocol id, so its messages are MERGE3's: peers with either protocol merge with each other.
 */
@MBean(description = "MERGE3, running one view consistency check at a time")
public class SERIAL_MERGE3 extends MERGE3 {

    private final ReentrantLock checking = new ReentrantLock();

    public SERIAL_MERGE3() {
        setId(ClassConfigurator.getProtocolId(MERGE3.class));
    }

    @Override
    public void checkInconsistencies() {
        new OneAtATime().run();
    }

    @Override
    protected synchronized void startViewConsistencyChecker() {
        if (view_consistency_checker == null || view_consistency_checker.isDone()) {
            view_consistency_checker = timer.scheduleWithDynamicInterval(new OneAtATime());
        }
    }

    /** MERGE3's check, holding the lock every check takes. */
    protected class OneAtATime extends ViewConsistencyChecker {
        @Override
        public void run() {
            checking.lock();
            try {
                super.run();
            } finally {
                checking.unlock();
            }
        }
    }
}
