package io.conclave.merge;

import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.Message;
import org.jgroups.View;
import org.jgroups.annotations.MBean;
import org.jgroups.annotations.Property;
import org.jgroups.conf.AttributeType;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.FailureDetection;
import org.jgroups.protocols.MERGE3;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts a merge as soon as a heal is heard instead of at MERGE3's next periodic check (up to
 * {@code check_interval} after the other side's next INFO, which is itself up to 1.5 x {@code max_interval}
 * away). Declared directly below MERGE3, it watches for messages from senders outside the current view:
 * <ul>
 *     <li>a failure-detection heartbeat from a non-member (the other side of a healed partition, every few
 *     hundred ms): MERGE3 sends its INFO now, so the other side learns this side's view;</li>
 *     <li>a MERGE3 message from a non-member (its INFO has just been recorded by MERGE3): MERGE3 sends its INFO
 *     and runs its view consistency check now, which sends the MERGE that GMS's merge leader acts on. The INFO
 *     matters when the other side hears no heartbeat from this one and is itself the merge leader.</li>
 * </ul>
 * Only the coordinator of a view acts: its INFO carries its view's id, which is all a check needs of that
 * view, and GMS's merge leader is one of the coordinators. So a cluster split into many views (a cold start of
 * 100 peers) does not have every member multicasting INFO. Each action runs at most once per
 * {@code interval}, so a heal costs a few extra INFO multicasts and checks; while every sender is a member it
 * sends nothing. Put it below {@link SERIAL_MERGE3}, as the bundled stacks do: below JGroups' own MERGE3 its
 * checks can overlap MERGE3's periodic ones, and the two then spoil each other's.
 */
@MBean(description = "Starts MERGE3's INFO and view check as soon as a member outside the view is heard")
public class EAGER_MERGE extends Protocol {

    static final short PROTOCOL_ID = 1520;

    static {
        ClassConfigurator.addProtocol(PROTOCOL_ID, EAGER_MERGE.class);
    }

    @Property(description = "Shortest time between two INFO sends, and between two view checks, that this protocol "
            + "starts", type = AttributeType.TIME)
    protected long interval = 200;

    private final Throttle infoThrottle = new Throttle();
    private final Throttle checkThrottle = new Throttle();
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile View view;
    private MERGE3 merge3;
    private short merge3Id;
    private short heartbeatId;

    @Override
    public void init() throws Exception {
        super.init();
        merge3 = getProtocolStack().findProtocol(MERGE3.class);
        if (merge3 == null || merge3.getDownProtocol() != this) {
            throw new IllegalStateException("EAGER_MERGE must sit directly below MERGE3");
        }
        merge3Id = merge3.getId();
        FailureDetection detector = getProtocolStack().findProtocol(FailureDetection.class);
        heartbeatId = detector == null ? 0 : detector.getId();
    }

    @Override
    public Object down(Event evt) {
        if (evt.getType() == Event.VIEW_CHANGE) {
            view = evt.getArg();
        }
        return down_prot.down(evt);
    }

    @Override
    public Object up(Message msg) {
        boolean outsider = isOutsider(msg.getSrc());
        boolean fromMergeOfOutsider = outsider && msg.getHeader(merge3Id) != null;
        boolean heartbeatOfOutsider = outsider && isHeartbeat(msg);
        Object result = up_prot.up(msg);
        react(heartbeatOfOutsider, fromMergeOfOutsider);
        return result;
    }

    @Override
    public void up(MessageBatch batch) {
        boolean outsider = isOutsider(batch.sender());
        boolean fromMergeOfOutsider = false;
        boolean heartbeatOfOutsider = false;
        if (outsider) {
            for (Message msg : batch) {
                fromMergeOfOutsider |= msg.getHeader(merge3Id) != null;
                heartbeatOfOutsider |= isHeartbeat(msg);
            }
        }
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
        react(heartbeatOfOutsider, fromMergeOfOutsider);
    }

    /**
     * A sender outside the view of which this member is the coordinator, once MERGE3 knows that view too: a
     * view passes this protocol on its way down before MERGE3 records it, and MERGE3's INFO and check fail on a
     * missing view (seen on a cold start of 100 peers, when messages from outsiders arrive in that window).
     */
    private boolean isOutsider(Address sender) {
        View current = view;
        return current != null && sender != null && Objects.equals(current.getCoord(), local_addr)
                && merge3.isCoord() && !current.containsMember(sender);
    }

    private boolean isHeartbeat(Message msg) {
        return heartbeatId != 0 && msg.getHeader(heartbeatId) instanceof FailureDetection.HeartbeatHeader;
    }

    /** Runs after MERGE3 has seen the message, so an INFO is already in the views its check compares. */
    private void react(boolean heartbeatOfOutsider, boolean fromMergeOfOutsider) {
        long now = System.nanoTime();
        // an outsider's MERGE3 message makes this side send its INFO too: a side that hears no heartbeat from this
        // one (a peer alone sends none) learns this view only so, and it may be the merge leader GMS waits for
        if ((heartbeatOfOutsider || fromMergeOfOutsider) && infoThrottle.pass(now, interval)) {
            merge3.sendInfo();
        }
        if (fromMergeOfOutsider && checkThrottle.pass(now, interval) && checking.compareAndSet(false, true)) {
            // the check waits for view responses: not on the thread that delivers messages
            getTransport().getTimer().execute(() -> {
                try {
                    merge3.checkInconsistencies();
                } finally {
                    checking.set(false);
                }
            });
        }
    }

    /** Lets one caller through per interval. */
    private static final class Throttle {
        private final AtomicLong lastPass = new AtomicLong(System.nanoTime() - TimeUnit.DAYS.toNanos(1));

        boolean pass(long now, long intervalMillis) {
            long last = lastPass.get();
            return now - last >= TimeUnit.MILLISECONDS.toNanos(intervalMillis) && lastPass.compareAndSet(last, now);
        }
    }
}
