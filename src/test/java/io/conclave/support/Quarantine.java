package io.conclave.support;

import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.annotations.Property;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A partition by group rather than by name, for peers in one JVM: while a cluster is closed, each peer drops
 * every message from a peer of another group, including peers started after the partition. It stays beside
 * FAULTS, through which every other partition of the tests goes, for the one case FAULTS cannot express: two
 * live processes of the same name on opposite sides (DuplicateNameMergeTest). A FAULTS cut names peers, and
 * must: it travels between processes and must cover a peer restarted under a new address. A side for "names
 * that join later" would not do either: the newcomer is named like a peer of the other side, and every peer,
 * the newcomer included, would have to agree which address came after the cut, so each message would have to
 * carry its sender's side. Declare it just above the transport with {@code group="..."}.
 */
public class Quarantine extends Protocol {

    private static final Map<Address, String> GROUPS = new ConcurrentHashMap<>();
    private static final Set<String> CLOSED = ConcurrentHashMap.newKeySet();

    @Property(description = "The group of this peer: while its cluster is closed it hears only its own group")
    protected String group = "";

    public static void close(String cluster) {
        CLOSED.add(cluster);
    }

    public static void open(String cluster) {
        CLOSED.remove(cluster);
    }

    @Override
    public Object down(Message msg) {
        register();
        return down_prot.down(msg);
    }

    @Override
    public Object up(Message msg) {
        return admits(msg.getSrc()) ? up_prot.up(msg) : null;
    }

    @Override
    public void up(MessageBatch batch) {
        if (admits(batch.sender())) {
            up_prot.up(batch);
        }
    }

    private void register() {
        Address self = getAddress();
        if (self != null) {
            GROUPS.putIfAbsent(self, group);
        }
    }

    private boolean admits(Address sender) {
        register();
        return !CLOSED.contains(String.valueOf(getTransport().getClusterName())) || group.equals(GROUPS.get(sender));
    }
}
