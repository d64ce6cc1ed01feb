package io.conclave.election;

/**
 * One member of the current view as this peer sees it.
 *
 * @param name    logical name
 * @param address physical address ("127.0.0.1:7800"), or "?" when not known yet
 * @param role    leader or follower (or learner in raft mode)
 * @param self    true for the local peer
 */
public record MemberInfo(String name, String address, Role role, boolean self) {
}
