package io.conclave.script;

import io.conclave.agreement.Agreement;
import io.conclave.agreement.Census;
import io.conclave.agreement.PeerSnapshot;
import io.conclave.election.Peer;
import io.conclave.election.StoreException;
import io.conclave.shell.EventFormat;
import io.conclave.shell.Interpreter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The conditions scripts can await or expect, each evaluated against the live peers of a target. */
final class Conditions {

    private Conditions() {
    }

    /** All live peers see the same leader, and it is one of {@code allowed} (any, if empty). */
    static Supplier<Verdict> agreedLeader(ScriptTarget target, Set<String> allowed) {
        return () -> {
            List<Peer> live = target.live();
            Agreement agreement = Agreement.onLeader(PeerSnapshot.of(live));
            Optional<String> agreed = agreement.agreedLeader();
            Optional<String> down = agreed.flatMap(target::down);
            if (agreed.isPresent() && down.isPresent()) {
                // peers that have not noticed yet still agree on a leader that is gone
                return Verdict.of(false, count(live) + " still name " + agreed.get() + ", which is " + down.get());
            }
            String seen = agreed.map(l -> "leader " + l + ", agreed by " + count(live)).orElse(agreement.describe());
            boolean holds = !live.isEmpty() && agreed.filter(l -> allowed.isEmpty() || allowed.contains(l)).isPresent();
            return Verdict.of(holds, seen);
        };
    }

    /** Exactly {@code n} distinct leaders among the live peers (2 means split brain). */
    static Supplier<Verdict> leaders(ScriptTarget target, int n) {
        return () -> {
            Census census = Census.of(PeerSnapshot.of(target.live()));
            String count = census.leaderCount() == 1 ? "1 leader" : census.leaderCount() + " leaders";
            return Verdict.of(census.leaderCount() == n, count + ": " + census.describe());
        };
    }

    static Supplier<Verdict> noLeader(ScriptTarget target, String name) {
        return () -> {
            Peer peer = target.live(name);
            return peer.leader().map(l -> Verdict.of(false, name + " sees leader " + l))
                    .orElseGet(() -> Verdict.of(true, name + " sees no leader: " + peer.leadership().reason()));
        };
    }

    /** The view of {@code name} (or of every live peer when null) has {@code size} members. */
    static Supplier<Verdict> viewSize(ScriptTarget target, int size, String name) {
        return () -> {
            List<Peer> peers = name == null ? target.live() : List.of(target.live(name));
            String seen = peers.stream().map(p -> p.name() + " " + p.view().id() + " (" + p.view().size() + ")")
                    .collect(Collectors.joining(", "));
            boolean holds = !peers.isEmpty() && peers.stream().allMatch(p -> p.view().size() == size);
            return Verdict.of(holds, peers.isEmpty() ? "no live peers" : seen);
        };
    }

    /** Some live peer installed a merge view after the last fault. */
    static Supplier<Verdict> merged(ScriptTarget target) {
        return () -> {
            var since = target.lastFault();
            return target.live().stream().flatMap(p -> p.merges().stream())
                    .filter(m -> m.ts().isAfter(since))
                    .findFirst()
                    .map(m -> Verdict.of(true, "merge into " + m.view().id() + " at " + EventFormat.clock(m.ts())))
                    .orElseGet(() -> Verdict.of(false, "no merge since the last fault at " + EventFormat.clock(since)));
        };
    }

    /**
     * Every live peer's own copy (a stale read: no leader is asked) holds {@code key} = {@code expected}: what was
     * acknowledged reached every copy, not only the leader's.
     */
    static Supplier<Verdict> copies(ScriptTarget target, String key, String expected) {
        return () -> {
            List<Peer> peers = target.live();
            List<String> seen = new ArrayList<>();
            boolean all = !peers.isEmpty();
            for (Peer peer : peers) {
                if (peer.store().isEmpty()) {
                    return Verdict.of(false, "no replicated store in " + peer.mode().label() + " mode; start with a raft stack");
                }
                String value;
                try {
                    value = peer.store().get().get(key, true, Duration.ZERO).orElse(null);
                } catch (StoreException e) {
                    value = "(" + e.getMessage() + ")";
                }
                all &= expected.equals(value);
                seen.add(peer.name() + "=" + (value == null ? "(absent)" : value));
            }
            return Verdict.of(all, peers.isEmpty() ? "no live peers" : key + " on " + String.join(", ", seen));
        };
    }

    /** A linearizable read of {@code key} on {@code name} (or the first live peer) gives {@code expected}. */
    static Supplier<Verdict> stored(ScriptTarget target, String key, String expected, String name) {
        return () -> {
            Peer peer = name == null ? target.live().stream().findFirst().orElse(null) : target.live(name);
            if (peer == null) {
                return Verdict.of(false, "no live peer to read " + key + " from");
            }
            if (peer.store().isEmpty()) {
                return Verdict.of(false, "no replicated store in " + peer.mode().label() + " mode; start with a raft stack");
            }
            try {
                String value = peer.store().get().get(key).orElse(null);
                return Verdict.of(expected.equals(value), peer.name() + " read " + key + " = "
                        + (value == null ? "(absent)" : value));
            } catch (StoreException e) {
                return Verdict.of(false, peer.name() + " could not read " + key + ": " + e.getMessage());
            }
        };
    }

    /** Running {@code command} fails (a write on a minority side, for instance). */
    static Supplier<Verdict> fails(Interpreter interpreter, String command) {
        return () -> interpreter.execute(command) != 0
                ? Verdict.of(true, "it failed, as expected")
                : Verdict.of(false, "it succeeded");
    }

    private static String count(List<Peer> live) {
        return live.size() == 1 ? "the only live peer" : "all " + live.size() + " live peers";
    }
}
