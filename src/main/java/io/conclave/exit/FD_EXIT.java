package io.conclave.exit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jgroups.Address;
import org.jgroups.EmptyMessage;
import org.jgroups.Event;
import org.jgroups.MergeView;
import org.jgroups.Message;
import org.jgroups.View;
import org.jgroups.annotations.MBean;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failure detection by process exit: a member whose process is seen to end (an orderly end-of-stream on an
 * {@link ExitWatch} connection, see there for what that trusts) is suspected at once and past
 * VERIFY_SUSPECT2, so GMS excludes it without FD_SOCK2's reconnect to the next neighbour and without waiting
 * out the verification. Nothing else changes: a cut, a pause or a hang still goes through the stack's
 * failure detectors and their verification.
 * <p>
 * Who watches whom: the coordinator watches every member, every member watches the coordinator, so the
 * coordinator learns of any crash and the next in line (who takes over) of the coordinator's. A member tells
 * the coordinator where its watch listens when the coordinator changes or views merge, and the coordinator
 * answers with its own: two small unicasts per member per new coordinator, none while the view is stable.
 * <p>
 * Declared directly below GMS, above the reliable unicast protocol, so the exchange is reliable and the
 * suspicion reaches GMS as VERIFY_SUSPECT2's own would.
 */
@MBean(description = "Suspects a member as soon as its process is seen to end")
public class FD_EXIT extends Protocol {

    static final short PROTOCOL_ID = 1530;

    static {
        ClassConfigurator.addProtocol(PROTOCOL_ID, FD_EXIT.class);
        ClassConfigurator.add(ExitHeader.MAGIC_ID, ExitHeader.class);
    }

    private static final Logger LOG = LogManager.getLogger(FD_EXIT.class);

    private final long incarnation = ExitWatch.newIncarnation();
    /** Where members' watches listen, as they told; kept across views, so a member that comes back is known. */
    private final Map<Address, ExitHeader> endpoints = new ConcurrentHashMap<>();
    private ExitWatch<Address> exitWatch;
    private volatile View view;
    /** The coordinator this member last told where its watch listens. */
    private volatile Address told;

    @Override
    public void start() throws Exception {
        super.start();
        try {
            exitWatch = ExitWatch.open(incarnation, getTransport().getBindAddress(), String.valueOf(local_addr));
        } catch (IOException e) {
            LOG.warn("{}: no exit watch ({}); crashed members are found by the other failure detectors", local_addr, e.getMessage());
        }
    }

    @Override
    public void stop() {
        if (exitWatch != null) {
            exitWatch.close(); // the channel is leaving: its watchers may exclude it now
        }
        super.stop();
    }

    @Override
    public Object down(Event evt) {
        Object result = down_prot.down(evt);
        if (evt.getType() == Event.VIEW_CHANGE) {
            onView(evt.getArg());
        }
        return result;
    }

    @Override
    public Object up(Message msg) {
        ExitHeader header = msg.getHeader(id);
        if (header == null) {
            return up_prot.up(msg);
        }
        onEndpoint(msg.getSrc(), header);
        return null;
    }

    @Override
    public void up(MessageBatch batch) {
        for (Iterator<Message> it = batch.iterator(); it.hasNext(); ) {
            Message msg = it.next();
            ExitHeader header = msg.getHeader(id);
            if (header != null) {
                it.remove();
                onEndpoint(msg.getSrc(), header);
            }
        }
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
    }

    private void onView(View v) {
        view = v;
        if (exitWatch == null) {
            return;
        }
        Address coordinator = v.getCoord();
        if (Objects.equals(coordinator, local_addr)) {
            told = null;
            v.getMembers().stream().filter(member -> !member.equals(local_addr)).forEach(this::watch);
            return;
        }
        // after a merge the coordinator may have dropped this member's endpoint while this member kept its view
        if (!Objects.equals(coordinator, told) || v instanceof MergeView) {
            told = coordinator;
            send(coordinator, ExitHeader.Kind.HELLO);
        }
        watch(coordinator);
    }

    private void onEndpoint(Address sender, ExitHeader header) {
        if (sender == null || exitWatch == null) {
            return;
        }
        endpoints.put(sender, header);
        View v = view;
        boolean coordinator = v != null && Objects.equals(v.getCoord(), local_addr);
        if (header.kind == ExitHeader.Kind.HELLO) {
            send(sender, ExitHeader.Kind.ANNOUNCE);
        }
        if (v != null && v.containsMember(sender) && (coordinator || sender.equals(v.getCoord()))) {
            watch(sender);
        }
    }

    private void send(Address to, ExitHeader.Kind kind) {
        Message msg = new EmptyMessage(to)
                .putHeader(id, ExitHeader.of(kind, exitWatch.host(), exitWatch.port(), incarnation))
                .setFlag(Message.Flag.OOB);
        down_prot.down(msg);
    }

    private void watch(Address member) {
        ExitHeader endpoint = endpoints.get(member);
        if (endpoint != null) {
            exitWatch.watch(member, String.valueOf(member), endpoint.incarnation, WatchedHost.of(endpoint.host, member, down_prot),
                    endpoint.port, this::exited);
        }
    }

    private void exited(Address member) {
        endpoints.remove(member);
        View v = view;
        if (v != null && v.containsMember(member) && !member.equals(local_addr)) {
            LOG.debug("{}: the process of {} ended: suspecting it", local_addr, member);
            up_prot.up(new Event(Event.SUSPECT, List.of(member)));
        }
    }
}
