package io.conclave.spi;

/**
 * Marks a protocol Conclave inserts into a running stack for its own bookkeeping (it only watches): it is
 * not part of the user's stack file, so the stack summary leaves it out.
 */
public interface RuntimeProtocol {
}
