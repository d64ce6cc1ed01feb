package io.conclave.bench;

import io.conclave.Conclave;
import io.conclave.election.Mode;
import io.conclave.election.Peer;
import io.conclave.lab.LabPorts;
import io.conclave.stack.StackSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

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
        // transport ports below the ephemeral range: FD_SOCK2 listens 100 above each, and with 50 peers or more one
        // of those had often been taken by another peer's ephemeral socket ("failed to find an available port")
        List<Integer> ports = LabPorts.free(names.size());
        ExecutorService starters = Executors.newFixedThreadPool(names.size());
        try {
            List<CompletableFuture<Peer>> joins = IntStream.range(0, names.size()).mapToObj(i ->
                    CompletableFuture.supplyAsync(() -> Conclave.join(sandbox.peer(stack, names.get(i),
                                    Map.of("conclave.cluster_size", String.valueOf(names.size())))
                            .port(ports.get(i)).members(raft ? names : List.of()).build()), starters)).toList();
            for (CompletableFuture<Peer> join : joins) {
                started.add(join.join());
            }
        } finally {
            starters.shutdownNow();
        }
    }
}
