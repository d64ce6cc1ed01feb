package io.conclave.detection;

import org.jgroups.Address;
import org.jgroups.EmptyMessage;
import org.jgroups.Message;
import org.jgroups.View;
import org.jgroups.annotations.MBean;
import org.jgroups.annotations.ManagedAttribute;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.FailureDetection;
import org.jgroups.protocols.TCP;
import org.jgroups.util.MessageBatch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeat failure detection whose traffic grows with the cluster, not with its square: in place of FD_ALL3, where
 * every member multicasts a heartbeat that every other member receives (N × (N-1) messages per interval), the view
 * coordinator multicasts its heartbeat and every other member sends its own to the coordinator only (about 2N).
 * The coordinator suspects a member it has not heard from for {@code timeout}; a member, the coordinator. A member
 * that lost the coordinator watches every member from then on, as under FD_ALL3, so that a side cut off from the
 * coordinator can still form its own view ({@link HubWatch}): where the member next in line is on that side, it
 * takes over after one timeout, as under FD_ALL3; where it is not, the others find that out a second timeout later.
 * Like FD_ALL3, any message from a member counts as a heartbeat, a multicast sent from above stands in for one, and
 * suspicions go up (through VERIFY_SUSPECT2) from the member that would be the next coordinator.
 */
@MBean(description = "Failure detection through the coordinator: linear heartbeat traffic")
public class FD_HUB extends FailureDetection {

    static final short PROTOCOL_ID = 1540;

    static {
        ClassConfigurator.addProtocol(PROTOCOL_ID, FD_HUB.class);
    }

    private volatile HubWatch<Address> watch;

    @ManagedAttribute(description = "Whether this member watches every member (the coordinator, or a member that lost it)")
    public boolean watchesAll() {
        HubWatch<Address> w = watch;
        return w != null && w.watchesAll();
    }

    @Override
    public void init() throws Exception {
        super.init();
        if (interval >= timeout) {
            throw new IllegalArgumentException("FD_HUB interval (" + interval + " ms) must be shorter than its timeout ("
                    + timeout + " ms)");
        }
    }

    @Override
    protected void handleViewChange(View v) {
        HubWatch<Address> w = watch;
        if (w == null) {
            w = new HubWatch<>(local_addr, TimeUnit.MILLISECONDS.toNanos(timeout));
            watch = w;
        }
        w.viewInstalled(v.getMembers(), System.nanoTime());
        super.handleViewChange(v);
    }

    /** FailureDetection counts every message as heard ({@link #update}); a multicast heartbeat says more. */
    @Override
    public Object up(Message msg) {
        if (msg.getDest() == null && msg.getHeader(id) != null) {
            multicastHeartbeatHeard(msg.getSrc());
        }
        return super.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        if (batch.dest() == null && batch.anyMatch(HAS_HEADER)) {
            multicastHeartbeatHeard(batch.sender());
        }
        super.up(batch);
    }

    private void multicastHeartbeatHeard(Address sender) {
        HubWatch<Address> w = watch;
        if (w != null && sender != null) {
            w.multicastHeartbeatHeard(sender, System.nanoTime());
        }
    }

    @Override
    protected void update(Address sender, boolean log_msg, boolean skip_if_exists) {
        HubWatch<Address> w = watch;
        if (!skip_if_exists && w != null && sender != null) { // skip_if_exists: a view's members, set by viewInstalled
            w.heard(sender, System.nanoTime());
        }
    }

    /** Not a timestamp table: {@link HubWatch} keeps who was heard when, for the members it watches. */
    @Override
    protected Map<Address, ?> getTimestamps() {
        return java.util.Collections.emptyMap();
    }

    @Override
    protected long getTimeoutCheckInterval() {
        return interval;
    }

    @Override
    protected String getTimeoutCheckerInfo() {
        return FD_HUB.class.getSimpleName() + ": timeout checker (timeout=" + timeout + " ms)";
    }

    @Override
    protected <T> boolean needsToBeSuspected(Address mbr, T value) {
        return false; // HubWatch decides, in the checker below
    }

    @Override
    protected Runnable createTimeoutChecker() {
        return () -> {
            HubWatch<Address> w = watch;
            List<Address> suspects = w == null ? List.of() : w.check(System.nanoTime());
            if (!suspects.isEmpty()) {
                suspect(suspects);
            }
        };
    }

    @Override
    protected void startHeartbeatSender() {
        lock.lock();
        try {
            if (!isHeartbeatSenderRunning()) {
                heartbeat_sender = timer.scheduleWithFixedDelay(this::sendHeartbeat, 0, interval, TimeUnit.MILLISECONDS,
                        getTransport() instanceof TCP);
            }
        } finally {
            lock.unlock();
        }
    }

    private void sendHeartbeat() {
        HubWatch<Address> w = watch;
        if (w == null || mcast_sent.compareAndSet(true, false)) {
            return; // a multicast from above went out since the last one: everyone has heard from this member
        }
        Address target = w.heartbeatTarget(System.nanoTime());
        Message heartbeat = new EmptyMessage(target).putHeader(id, new HeartbeatHeader());
        if (target == null) {
            heartbeat.setFlag(Message.TransientFlag.DONT_LOOPBACK);
        }
        down_prot.down(heartbeat);
        num_heartbeats_sent++;
    }
}
