package io.conclave.lab;

import io.conclave.election.Peer;
import io.conclave.election.PeerConfig;
import io.conclave.fault.FAULTS;
import io.conclave.shell.Interpreter;
import io.conclave.timeline.PeerState;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One place in the lab: a name and configuration that survive restarts, and the peer currently running
 * there (none when stopped or killed), with the shell that runs {@code @P} commands on it.
 */
final class LabPeer {

    private final PeerConfig config;
    private volatile Peer peer;
    private volatile Interpreter shell;
    private volatile PeerState downState = PeerState.STOPPED;
    private volatile CompletableFuture<Void> closing = CompletableFuture.completedFuture(null);

    LabPeer(PeerConfig config) {
        this.config = config;
    }

    String name() {
        return config.name();
    }

    PeerConfig config() {
        return config;
    }

    Optional<Peer> peer() {
        return Optional.ofNullable(peer);
    }

    Interpreter shell() {
        return shell;
    }

    Optional<FAULTS> faults() {
        return peer().flatMap(FAULTS::of);
    }

    /** Up, paused, or why it is down: stopped or killed. */
    PeerState state() {
        if (peer == null) {
            return downState;
        }
        return faults().map(FAULTS::paused).orElse(false) ? PeerState.PAUSED : PeerState.UP;
    }

    void up(Peer started, Interpreter startedShell) {
        shell = startedShell;
        peer = started;
    }

    /** Marks the peer down; {@code closed} completes once its channel is closed (a restart waits for it). */
    void down(PeerState state, CompletableFuture<Void> closed) {
        downState = state;
        closing = closed;
        peer = null;
        shell = null;
    }

    CompletableFuture<Void> closing() {
        return closing;
    }
}
