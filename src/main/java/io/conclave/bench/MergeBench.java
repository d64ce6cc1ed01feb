package io.conclave.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Splits a fresh cluster into a majority (with the leader) and a minority through the fault protocol,
 * waits until both sides see the split, heals, and times heal to one view with one agreed leader.
 */
final class MergeBench implements TrialRunner {

    private final int peers;

    MergeBench(int peers) {
        this.peers = peers;
    }

    @Override
    public String describe() {
        return "merge: heal a " + (peers / 2 + 1) + "|" + (peers - peers / 2 - 1) + " partition of " + peers + " peers";
    }

    @Override
    public Trial run(String stack) {
        try (BenchCluster cluster = BenchCluster.start(stack, peers)) {
            cluster.awaitAgreement(cluster.all());
            List<PeerProcess> all = cluster.all();
            List<PeerProcess> majority = all.subList(0, peers / 2 + 1);
            List<PeerProcess> minority = all.subList(peers / 2 + 1, peers);
            all.get(0).send("partition " + names(majority) + " / " + names(minority));
            cluster.await("both sides to see the split", () -> sees(majority) && sees(minority));
            cluster.await("the majority to agree on a leader", () -> BenchCluster.agreedLeader(majority).isPresent());
            String leaderBefore = BenchCluster.agreedLeader(majority).orElseThrow();
            Object epochBefore = majority.get(0).lastLeaderEvent().get("epoch");

            Instant healAt = Instant.now();
            all.get(all.size() - 1).send("heal");
            String leaderAfter = cluster.awaitAgreement(all);
            Instant settled = all.stream().flatMap(p -> p.events().stream())
                    .filter(e -> "view".equals(e.get("type")) || "leader".equals(e.get("type")))
                    .map(PeerProcess::ts).max(Comparator.naturalOrder()).orElseThrow();
            Map<String, Object> lastLeaderEvent = majority.get(0).lastLeaderEvent();
            boolean epochChanged = !Objects.equals(epochBefore, lastLeaderEvent.get("epoch"));
            double millis = Math.max(0, Duration.between(healAt, settled).toNanos() / 1e6);
            return new Trial(millis, false, 0, !leaderBefore.equals(leaderAfter), epochChanged);
        }
    }

    private static boolean sees(List<PeerProcess> side) {
        List<String> names = side.stream().map(PeerProcess::name).sorted().toList();
        return side.stream().allMatch(p -> p.lastMembers().stream().sorted().toList().equals(names));
    }

    private static String names(List<PeerProcess> side) {
        return String.join(",", side.stream().map(PeerProcess::name).toList());
    }
}
