package io.conclave.script;

import io.conclave.election.Peer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The peers a script's awaits and expects look at: one peer in {@code peer --script}, all of them in the lab. */
public interface ScriptTarget {

    /** The peers that are up: running and not paused, in a stable order. */
    List<Peer> live();

    /** A live peer by name; throws a {@link io.conclave.election.ConclaveException} saying why it cannot be used. */
    Peer live(String name);

    /** Why a peer known to this target is not running ("killed", "stopped"); empty if it runs or is unknown here. */
    default Optional<String> down(String name) {
        return Optional.empty();
    }

    /** When the last fault (partition, heal, kill, ...) happened; merges before it do not count for {@code await merged}. */
    Instant lastFault();
}
