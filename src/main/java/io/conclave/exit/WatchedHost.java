package io.conclave.exit;

import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.stack.IpAddress;
import org.jgroups.stack.Protocol;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where to call a member's exit watch: the host its watch says it listens on, or, for a watch bound to every
 * address (0.0.0.0, ::), the member's transport address, the one address known to reach it. Connecting to a
 * wildcard reaches this host, not the member's: on one machine that happens to work, across machines the
 * watch would prove nothing and a crash would wait for the slower detectors (FD_EXIT) or the lease (LEASE).
 */
public final class WatchedHost {

    private WatchedHost() {
    }

    /**
     * @param advertised the host in the member's exit-watch announcement or lease request
     * @param member     the member's JGroups address
     * @param below      the protocol below the caller, asked for the member's physical address
     * @return the host to connect to, or "" if there is none
     */
    public static String of(String advertised, Address member, Protocol below) {
        if (!isWildcard(advertised)) {
            return advertised;
        }
        Object physical = below.down(new Event(Event.GET_PHYSICAL_ADDRESS, member));
        return physical instanceof IpAddress ip ? ip.getIpAddress().getHostAddress() : "";
    }

    /** Whether {@code host} is an address literal meaning every address (Java writes IPv6's as 0:0:0:0:0:0:0:0). */
    static boolean isWildcard(String host) {
        if (!host.contains(":") && !host.matches("[0-9.]+")) {
            return false; // empty, or a name: a name is no wildcard, and it must not be looked up on this thread
        }
        try {
            return InetAddress.getByName(host).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
