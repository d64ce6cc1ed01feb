package io.conclave.timeline;

import java.time.Instant;
import java.util.Set;

/**
 * The smallest stretch of time in which nothing changes on any lane.
 *
 * @param named   the live leaders that live peers named
 * @param leading the peers that believed they led
 * @param live    the peers that were in a view and not killed or stopped
 */
record Segment(Instant from, Instant to, Set<String> named, Set<String> leading, Set<String> live) {
}
