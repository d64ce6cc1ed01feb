package io.conclave.scenario;

import io.conclave.coordinator.CoordinatorRule;
import io.conclave.lease.Answer;
import io.conclave.lease.Holder;
import io.conclave.lease.LeaseKeeper;
import io.conclave.lease.LeaseTerms;
import io.conclave.lease.TokenStore;
import io.conclave.lease.Verdict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The lease between peers, one {@link LeaseKeeper} each (with its {@link io.conclave.lease.Grantor} and
 * {@link io.conclave.lease.Claim}s), its highest granted token kept by a real {@link TokenStore} in a temporary
 * data directory; messages are delivered only when a step says so, so every delay and loss is written out:
 * <pre>
 * lease 1000ms voters=A,B,C learners=D     the peers and the lease; no output
 * judge A B candidate=A [term=4]           each peer's verdict, given the candidate its mode's rule names
 *                                          (- for none) and, in raft mode, the current term
 * ahead C from=A [term=5]                  C claims ahead of the view, taking over from A (raft: made leader
 *                                          of term 5 by jgroups-raft, from=-)
 * request A [floor=4]                      A sends its lease request now (and grants it itself)
 * grant B to A [floor=4]                   B receives A's latest request now and answers; A gets the answer now
 * holds A                                  what is left of A's lease
 * ballot B from=C term=5                   raft: may C's vote request for term 5 reach B's election now?
 * voted A term=5                           raft: A sends a vote request for term 5
 * exit A                                   A's process ends and the others learn it (what they promised A ends)
 * restart A                                A starts again: a new incarnation, its highest token read from disk
 * stop A                                   A leaves the cluster for good
 * </pre>
 * After every step two invariants are checked: at most one peer holds a lease, and every new leadership carries
 * a token above all earlier ones.
 */
final class LeaseDriver implements Driver {

    private record Request(long token, long sentNanos) {
    }

    private final FakeClock clock;
    private final Map<String, LeaseKeeper> keepers = new LinkedHashMap<>();
    private final Map<String, Request> lastRequest = new HashMap<>();
    private final Map<String, Integer> incarnations = new HashMap<>();
    /** The token each holder held at the end of the previous step: holding on without a gap is one leadership. */
    private Map<Holder, Long> heldAtLastStep = new HashMap<>();
    private LeaseTerms terms;
    private List<String> voters = List.of();
    private Path dataDirs;
    private long highestLeadershipToken = Long.MIN_VALUE;

    LeaseDriver(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public List<String> run(Command command) {
        List<String> output = switch (command.verb()) {
            case "lease" -> setUp(command);
            case "judge" -> judge(command);
            case "ahead" -> {
                String name = command.word(0, "the peer");
                String from = command.option("from");
                long term = command.numberOption("term", -1);
                boolean claimed = keeper(name).claimAhead(from.equals("-") ? null : from, term, majority(), clock.nanos());
                yield List.of(!claimed ? name + " claims nothing ahead"
                        : term >= 0 ? name + " claims ahead in term " + term : name + " claims ahead, taking over from " + from);
            }
            case "request" -> request(command);
            case "grant" -> grant(command);
            case "holds" -> holds(command);
            case "ballot" -> ballot(command);
            case "voted" -> {
                keeper(command.word(0, "the peer")).ballotSent(command.numberOption("term"), clock.nanos());
                yield List.of();
            }
            case "exit" -> exit(command.word(0, "the peer"));
            case "restart" -> restart(command.word(0, "the peer"));
            case "stop" -> {
                keeper(command.word(0, "the peer")).stop();
                yield List.of();
            }
            default -> throw new ScenarioException("unknown command " + command.verb()
                    + " (lease: lease, judge, ahead, request, grant, holds, ballot, voted, exit, restart, stop)");
        };
        checkInvariants();
        return output;
    }

    private List<String> setUp(Command command) {
        terms = LeaseTerms.of(Duration.ofMillis(Command.millis(command.word(0, "the lease duration"))));
        voters = command.namesOption("voters");
        try {
            dataDirs = Files.createTempDirectory("conclave-scenario-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Stream.concat(voters.stream(), Command.names(command.option("learners", "-")).stream()).forEach(this::start);
        return List.of();
    }

    private LeaseKeeper start(String name) {
        int incarnation = incarnations.merge(name, 1, Integer::sum);
        Path dir = dataDirs.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TokenStore tokens = new TokenStore(dir);
        boolean voter = voters.contains(name);
        LeaseKeeper keeper = new LeaseKeeper(new Holder(name, incarnation), terms, () -> voter, tokens.load(), tokens::save);
        keepers.put(name, keeper);
        return keeper;
    }

    private List<String> judge(Command command) {
        String candidate = command.option("candidate");
        long term = command.numberOption("term", -1);
        List<String> lines = new ArrayList<>();
        for (String name : command.words()) {
            Verdict verdict = keeper(name).judge(candidate.equals("-") ? null : candidate, majority(), term, clock.nanos());
            lines.add(name + ": " + describe(verdict));
        }
        return lines;
    }

    private String describe(Verdict verdict) {
        long since = FakeClock.toMillis(verdict.sinceNanos());
        String when = since == clock.millis() ? "" : " since " + since + "ms";
        return (verdict.leader() != null ? "leader " + verdict.leader() + " token " + verdict.token()
                : "none token " + verdict.token()) + when + (verdict.reason() == null ? "" : " \"" + verdict.reason() + "\"");
    }

    private List<String> request(Command command) {
        String name = command.word(0, "the peer");
        LeaseKeeper keeper = keeper(name);
        long token = keeper.nextRequest(clock.nanos());
        if (token < 0) {
            lastRequest.remove(name);
            return List.of(name + " asks nothing");
        }
        lastRequest.put(name, new Request(token, clock.nanos()));
        keeper.grantSelf(token, clock.nanos(), command.numberOption("floor", 0), clock.nanos());
        return List.of(name + " asks token " + token);
    }

    private List<String> grant(Command command) {
        String member = command.word(0, "the member");
        if (!command.word(1, "'to'").equals("to")) {
            throw new ScenarioException("grant: write grant MEMBER to CANDIDATE");
        }
        String candidate = command.word(2, "the candidate");
        Request request = lastRequest.get(candidate);
        if (request == null) {
            throw new ScenarioException("grant: " + candidate + " has no request out (request " + candidate + " first)");
        }
        LeaseKeeper asking = keeper(candidate);
        long now = clock.nanos();
        Answer answer = keeper(member).onRequest(asking.self(), request.token(), command.numberOption("floor", 0), now);
        if (answer instanceof Answer.Granted granted) {
            asking.onGranted(member, request.token(), request.sentNanos(), now);
            return List.of(member + " grants " + candidate + " token " + request.token() + " until "
                    + FakeClock.toMillis(granted.promise().untilNanos()) + "ms");
        }
        if (answer instanceof Answer.Busy busy) {
            return List.of(member + " refuses " + candidate + ": promised to " + busy.promisedTo().name() + " for "
                    + FakeClock.toMillis(busy.remainingNanos()) + "ms more");
        }
        if (answer instanceof Answer.Stale stale) {
            asking.onStale(request.token(), stale.highestGranted(), now);
            return List.of(member + " refuses " + candidate + ": token " + request.token() + " is stale, highest granted "
                    + stale.highestGranted());
        }
        return List.of(member + " answers nothing (not a voter)");
    }

    private List<String> holds(Command command) {
        String name = command.word(0, "the peer");
        LeaseKeeper keeper = keeper(name);
        long now = clock.nanos();
        return List.of(keeper.holds(now) ? name + " holds token " + keeper.heldToken(now) + " for "
                + FakeClock.toMillis(keeper.remaining(now)) + "ms more" : name + " holds no lease");
    }

    private List<String> ballot(Command command) {
        String member = command.word(0, "the member");
        String sender = command.option("from");
        long term = command.numberOption("term");
        long waitNanos = keeper(member).ballotWait(sender, term, clock.nanos());
        return List.of(waitNanos == 0 ? member + " passes " + sender + "'s vote request for term " + term
                : member + " holds back " + sender + "'s vote request for term " + term + ": its promise runs "
                + FakeClock.toMillis(waitNanos) + "ms more");
    }

    private List<String> exit(String name) {
        Holder gone = keeper(name).self();
        keeper(name).stop();
        keepers.remove(name);
        lastRequest.remove(name);
        keepers.values().forEach(k -> k.holderExited(gone));
        return List.of();
    }

    private List<String> restart(String name) {
        if (keepers.containsKey(name)) {
            exit(name);
        }
        LeaseKeeper keeper = start(name);
        return List.of(name + " restarted as incarnation " + keeper.self().incarnation() + ", highest token granted "
                + new TokenStore(dataDirs.resolve(name)).load());
    }

    private int majority() {
        return CoordinatorRule.majorityOf(voters.size());
    }

    private LeaseKeeper keeper(String name) {
        if (terms == null) {
            throw new ScenarioException("no lease yet: start with lease DURATION voters=...");
        }
        LeaseKeeper keeper = keepers.get(name);
        if (keeper == null) {
            throw new ScenarioException("no running peer " + name + " (peers: " + String.join(",", keepers.keySet()) + ")");
        }
        return keeper;
    }

    /**
     * The safety the lease exists for, checked on every step whatever the file expects: never two holders at once,
     * and every new leadership with a token above every earlier one's. The one exception is the same holder leading
     * again with the token it had (its members take that as a renewal): only possible when no one led in between,
     * since any leadership in between would have raised a majority's highest granted token above it.
     */
    private void checkInvariants() {
        long now = clock.nanos();
        List<String> holding = keepers.entrySet().stream().filter(e -> e.getValue().holds(now)).map(Map.Entry::getKey).toList();
        if (holding.size() > 1) {
            throw new AssertionError("two peers hold a lease at " + clock.millis() + "ms: " + holding);
        }
        Map<Holder, Long> nowHeld = new HashMap<>();
        for (String name : holding) {
            LeaseKeeper keeper = keepers.get(name);
            long token = keeper.heldToken(now);
            nowHeld.put(keeper.self(), token);
            boolean newLeadership = !Long.valueOf(token).equals(heldAtLastStep.get(keeper.self()));
            if (newLeadership && token <= highestLeadershipToken) {
                throw new AssertionError("the new leadership of " + name + " at " + clock.millis() + "ms has token "
                        + token + ", not above the earlier leaderships' " + highestLeadershipToken);
            }
            highestLeadershipToken = Math.max(highestLeadershipToken, token);
        }
        heldAtLastStep = nowHeld;
    }

    @Override
    public void close() throws IOException {
        if (dataDirs != null) {
            try (Stream<Path> files = Files.walk(dataDirs)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
