package io.conclave.spi;

import io.conclave.election.ElectionEvent.Notice;
import io.conclave.election.Leadership;
import io.conclave.election.PeerConfig;
import io.conclave.stack.StackDefinition;
import org.jgroups.JChannel;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What an elector gets from the runtime.
 *
 * @param channel   the (not yet connected) channel
 * @param config    the peer's configuration
 * @param stack     the parsed stack file
 * @param publisher where the elector reports its current belief, on the {@code loop} only (the elector's view
 *                  callback, its timers and what it hands to {@link PeerLoop#execute} run there); the runtime
 *                  turns changes into events
 * @param notices   where the elector raises a {@code Notice} event: (kind, message), e.g. (ALARM, "..."), from any
 *                  thread; a WARNING is said once per distinct text
 * @param loop      the peer's election loop, where the elector does its deciding
 * @param clock     the peer's clock, for every time the elector reads
 */
public record ElectorContext(JChannel channel, PeerConfig config, StackDefinition stack,
                             Consumer<Leadership> publisher, BiConsumer<Notice.Kind, String> notices,
                             PeerLoop loop, PeerClock clock) {
}
