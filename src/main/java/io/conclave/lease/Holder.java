package io.conclave.lease;

/**
 * One incarnation of one peer: a restarted process with the same name is another holder, so a promise made to
 * the old process never covers the new one.
 *
 * @param name        the peer's name
 * @param incarnation a random number the process drew at start
 */
public record Holder(String name, long incarnation) {
}
