package io.conclave.peer;

import io.conclave.election.Leadership;
import io.conclave.election.ViewInfo;

/**
 * What readers of a peer see: a view and the leadership decided for it, published together by the election
 * loop, so that no reader sees a new view next to the leader of the old one.
 */
record ElectionSnapshot(ViewInfo view, Leadership leadership) {
}
