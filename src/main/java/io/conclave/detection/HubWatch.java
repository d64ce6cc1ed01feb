package io.conclave.detection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who watches whom under {@link FD_HUB}, free of I/O and clocks (the time comes with every call). The view
 * coordinator watches every member and every member watches the coordinator: each peer sends one heartbeat per
 * interval, so the traffic grows with the peers, not with their square. A member that stops hearing the
 * coordinator suspects it and from then on watches every member, as FD_ALL3 has everyone do: JGroups' GMS lets a
 * member take over only once it suspects every member ahead of it in the view, so on a side cut off from the
 * coordinator someone must find out which of the others are still there. Such a member multicasts its
 * heartbeats, and a member that hears a multicast heartbeat from anyone but the coordinator multicasts its own
 * too for a while, so that every watcher hears every member, whatever it watches. A new view, or the coordinator
 * heard again, ends the watching of everyone.
 *
 * @param <M> a member's address
 */
final class HubWatch<M> {

    private final M self;
    private final long timeoutNanos;
    private List<M> members = List.of();
    /** When each member was last heard, for the members this peer watches (and others it happened to hear). */
    private final Map<M, Long> lastHeard = new HashMap<>();
    /** A member that lost the coordinator: it watches every member until the next view. */
    private boolean lostCoordinator;
    /** When this peer last heard a multicast heartbeat from a member other than the coordinator. */
    private Long peerMulticastHeard;

    HubWatch(M self, long timeoutNanos) {
        this.self = self;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * A new view (members in view order, the coordinator first). Members this peer watched already keep when they
     * were last heard; the others get a full timeout from now, since until now they had no reason to be heard here.
     */
    synchronized void viewInstalled(List<M> view, long nowNanos) {
        List<M> watchedBefore = watched();
        members = List.copyOf(view);
        lostCoordinator = false;
        List<M> watchedNow = watched();
        Map<M, Long> kept = new HashMap<>();
        for (M member : members) {
            Long heard = lastHeard.get(member);
            if (!member.equals(self)) {
                boolean stillWatched = watchedBefore.contains(member) && watchedNow.contains(member);
                kept.put(member, heard != null && stillWatched ? heard : nowNanos);
            }
        }
        lastHeard.clear();
        lastHeard.putAll(kept);
    }

    /** Something arrived from {@code member}. */
    synchronized void heard(M member, long nowNanos) {
        if (lastHeard.containsKey(member)) {
            lastHeard.put(member, nowNanos);
        }
        if (lostCoordinator && isCoordinator(member)) {
            lostCoordinator = false; // it is back: the hub works again (members it did not hear were never reported)
        }
    }

    /** {@code member} sent a heartbeat to everyone (besides being heard, {@link #heard}). */
    synchronized void multicastHeartbeatHeard(M member, long nowNanos) {
        if (!isCoordinator(member) && members.contains(member)) {
            peerMulticastHeard = nowNanos;
        }
    }

    /** Where this peer's heartbeat goes now: the coordinator's address, or null for every member (a multicast). */
    synchronized M heartbeatTarget(long nowNanos) {
        boolean toAll = watchingAll() || peerMulticastHeard != null && nowNanos - peerMulticastHeard < timeoutNanos;
        return toAll || members.isEmpty() ? null : members.get(0);
    }

    /** The members to suspect now: the silent ones among those this peer watches. */
    synchronized List<M> check(long nowNanos) {
        if (members.size() < 2) {
            return List.of();
        }
        M coordinator = members.get(0);
        if (!watchingAll() && silent(coordinator, nowNanos)) {
            lostCoordinator = true;
            for (M member : members) {
                if (!member.equals(self) && !member.equals(coordinator)) {
                    lastHeard.put(member, nowNanos); // they have only now begun to multicast: a full timeout each
                }
            }
        }
        List<M> suspects = new ArrayList<>();
        for (M member : watched()) {
            if (silent(member, nowNanos)) {
                suspects.add(member);
            }
        }
        return suspects;
    }

    /** Whether this peer watches every member (as coordinator, or having lost the coordinator). */
    synchronized boolean watchesAll() {
        return watchingAll();
    }

    private boolean watchingAll() {
        return isCoordinator(self) || lostCoordinator;
    }

    private List<M> watched() {
        if (members.size() < 2) {
            return List.of();
        }
        if (watchingAll()) {
            return members.stream().filter(m -> !m.equals(self)).toList();
        }
        return List.of(members.get(0));
    }

    private boolean isCoordinator(M member) {
        return !members.isEmpty() && members.get(0).equals(member);
    }

    private boolean silent(M member, long nowNanos) {
        Long heard = lastHeard.get(member);
        return heard != null && nowNanos - heard > timeoutNanos;
    }
}
