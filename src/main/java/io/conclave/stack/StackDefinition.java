package io.conclave.stack;

import io.conclave.election.Mode;

import java.util.List;
import java.util.Optional;

/**
 * A parsed protocol stack file.
 *
 * @param origin      where it came from: a bundled name ("udp") or a file path, used in messages
 * @param description the first line of the file's leading comment ("" if none)
 * @param protocols   the protocols from the bottom (transport) to the top
 */
public record StackDefinition(String origin, String description, List<ProtocolSpec> protocols) {

    public StackDefinition {
        protocols = List.copyOf(protocols);
    }

    /** A stack containing raft.RAFT elects with Raft; any other stack makes the view coordinator the leader. */
    public Mode mode() {
        return find("raft.RAFT").isPresent() ? Mode.RAFT : Mode.COORDINATOR;
    }

    /** The cluster-secret protocol, if the stack seals its traffic. */
    public Optional<ProtocolSpec> seal() {
        return find(StackLint.SEAL);
    }

    public Optional<ProtocolSpec> find(String name) {
        return protocols.stream().filter(p -> p.is(name)).findFirst();
    }

    /** "origin:line" for messages about one protocol. */
    public String at(ProtocolSpec protocol) {
        return origin + ":" + protocol.line();
    }
}
