package io.conclave.bench;

import io.conclave.Conclave;
import io.conclave.election.Mode;
import io.conclave.election.Peer;
import io.conclave.stack.StackSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Starts peers in this process all at once, in one sandbox, as the election and idle benches need them. */
final class InProcessLaunch {

    private InProcessLaunch() {
    }

    /**
     * Joins one peer per name at the same moment and adds each to {@code started} as its join returns, so a
     * caller closing {@code started} after a failed join closes those already running.
     */
    static void joinAll(String stack, Sandbox sandbox, List<String> names, List<Peer> started) {
        boolean raft = StackSource.load(stack).mode() == Mode.RAFT;
        ExecutorService starters = Executors.newFixedThreadPool(names.size());
        try {
            List<CompletableFuture<Peer>> joins = names.stream().map(name -> CompletableFuture.supplyAsync(() ->
                    Conclave.join(sandbox.peer(stack, name, Map.of("conclave.cluster_size", String.valueOf(names.size())))
                            .members(raft ? names : List.of()).build()), starters)).toList();
            for (CompletableFuture<Peer> join : joins) {
                started.add(join.join());
            }
        } finally {
            starters.shutdownNow();
        }
    }
}
