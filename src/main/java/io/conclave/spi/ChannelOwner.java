package io.conclave.spi;

import io.conclave.election.Peer;
import org.jgroups.JChannel;

import java.util.Optional;

/**
 * A peer started by this toolkit, whose JGroups channel the toolkit's own protocols, admin endpoint and lab
 * reach through this interface instead of through the runtime class; embedders should not need it.
 */
public interface ChannelOwner {

    JChannel channel();

    /** The channel of {@code peer} if this toolkit started it; empty for a peer of another kind. */
    static Optional<JChannel> channelOf(Peer peer) {
        return peer instanceof ChannelOwner owner ? Optional.of(owner.channel()) : Optional.empty();
    }
}
