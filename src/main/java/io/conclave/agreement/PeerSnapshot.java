package io.conclave.agreement;

import io.conclave.election.Leadership;
import io.conclave.election.Peer;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What one peer says at one moment, as plain values: its name, the members of its view, the leader it names
 * (null: none, and why not) and the epoch or term it is at. Plain so that a peer in this process, a lab row and
 * the last events of a peer process all fit the one agreement check ({@link Agreement}).
 *
 * @param name   the peer's name
 * @param view   the members of its view, in view order
 * @param leader the leader it names, or null
 * @param reason why it names none (null when it names one, or when it did not say)
 * @param epoch  its epoch (coordinator mode) or term (raft); -1 if unknown
 */
public record PeerSnapshot(String name, List<String> view, String leader, String reason, long epoch) {

    public PeerSnapshot {
        view = List.copyOf(view);
    }

    public static PeerSnapshot of(Peer peer) {
        Leadership leadership = peer.leadership();
        return new PeerSnapshot(peer.name(), peer.view().members(), leadership.leader(), leadership.reason(), leadership.epoch());
    }

    public static List<PeerSnapshot> of(List<? extends Peer> peers) {
        return peers.stream().map(PeerSnapshot::of).toList();
    }

    /** "A view=[A, B] leader=A epoch=3", with the reason in brackets when it names no leader. */
    public String describe() {
        return name + " view=" + view + " leader=" + leader + (epoch < 0 ? "" : " epoch=" + epoch)
                + (reason == null ? "" : " (" + reason + ")");
    }

    /** Every peer's snapshot, for a failure message: "A view=[A, B] leader=A epoch=3; B ...". */
    public static String describeAll(List<PeerSnapshot> snapshots) {
        return snapshots.stream().map(PeerSnapshot::describe).collect(Collectors.joining("; "));
    }
}
