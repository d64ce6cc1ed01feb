package io.conclave.peer;

import io.conclave.election.Mode;
import io.conclave.election.ViewInfo;

/**
 * How one election mode decides who leads. The peer runtime owns the channel and the events; an elector
 * only turns what it observes into {@link io.conclave.election.Leadership} values published through its
 * {@link ElectorContext}.
 */
public interface LeaderElector extends AutoCloseable {

    Mode mode();

    /** Called once after the channel is built and before it connects. */
    void attach(ElectorContext context);

    /** Called for every installed view (merge views included), in order, on a JGroups thread. */
    void viewAccepted(ViewInfo view);

    /** The leader the given side had by this mode's rules, or null if none or not knowable from here. */
    String leaderOf(ViewInfo subgroup);

    @Override
    default void close() {
    }
}
