package io.conclave.lease;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * One peer's lease state, both sides of it: the {@link Grantor} that answers other peers' requests and the
 * {@link Claim} of this peer when the mode's rule makes it the candidate. It does no I/O and reads no clock:
 * the time comes with every call, and the fencing token it grants is handed to {@code persist} before the
 * grant is returned (and sent).
 * <p>
 * Tokens: in quorum mode ({@code givenToken} &lt; 0) a claim proposes one above every token this peer has seen
 * granted, and a member's "stale" answer makes the next claim go higher still; in raft mode the token is the
 * Raft term, one leader per term, and a claim whose lease ran out never leads again in that term.
 */
public final class LeaseKeeper {

    private final Holder self;
    private final LeaseTerms terms;
    private final BooleanSupplier voter;
    private final Grantor grantor;
    private final LongConsumer persist;

    private Claim claim;
    /**
     * Raft: after the lease ran out in a term, the same requests go on without leading, only to learn when a
     * majority hears this peer again; then a new term is worth starting (a vote without a majority would only
     * inflate the term).
     */
    private Claim probe;
    /** The highest token seen anywhere: in requests, grants and answers. */
    private long known;
    /** Raft: the term whose claim ran out; no claim is made again in it. */
    private long spentTerm = -1;
    /** What a non-voter follows: it grants nothing, but names the leader it hears asking. */
    private Promise followed;
    /**
     * Raft: the highest term of a vote request let through to the election ({@link #ballotWait}); no lease is
     * granted below it, even before jgroups-raft has moved its own term.
     */
    private long ballotFloor;
    /** The lease end of the current claim while it holds; read without the lock by {@link #holds}. */
    private volatile long leaseEnd;
    /** The token of the lease that ends at {@link #leaseEnd}. */
    private volatile long leaseToken = -1;
    private volatile boolean leading;
    private boolean stopped;
    /**
     * Quorum mode: a member refused the token of the claim this peer holds, having granted it (or a higher one) to
     * another claim that never came to hold; the member cannot confirm this leadership until it moves above.
     */
    private boolean outbid;
    /**
     * Quorum mode: the coordinator this peer's claim takes over from, made ahead of the view that makes this peer the
     * candidate ({@link #claimAhead}); until {@link #succeedingUntil}, a verdict that still names it keeps the claim.
     */
    private String predecessor;
    private long succeedingUntil;

    public LeaseKeeper(Holder self, LeaseTerms terms, BooleanSupplier voter, long highestGranted, LongConsumer persist) {
        this.self = self;
        this.terms = terms;
        this.voter = voter;
        this.grantor = new Grantor(terms, highestGranted);
        this.persist = persist;
        this.known = highestGranted;
    }

    public Holder self() {
        return self;
    }

    public LeaseTerms terms() {
        return terms;
    }

    /** Whether this peer holds the lease at {@code nowNanos}; lock-free, for the check at the moment of use. */
    public boolean holds(long nowNanos) {
        return leading && leaseEnd - nowNanos > 0;
    }

    /** The token of the lease this peer holds at {@code nowNanos}, or -1 if it holds none. */
    public long heldToken(long nowNanos) {
        long token = leaseToken;
        return holds(nowNanos) ? token : -1;
    }

    /** What is left of this peer's lease at {@code nowNanos}; 0 if it holds none. */
    public long remaining(long nowNanos) {
        return leading ? Math.max(0, leaseEnd - nowNanos) : 0;
    }

    // ---- the member's side

    /**
     * A request from {@code from}; the answer to send back, or null (non-voters answer nothing).
     *
     * @param floor the lowest token this member grants at all (raft: its current term), 0 if none
     */
    public synchronized Answer onRequest(Holder from, long token, long floor, long nowNanos) {
        known = Math.max(known, token);
        if (!voter.getAsBoolean()) {
            followed = new Promise(from, token, nowNanos + terms.promiseNanos());
            return null;
        }
        return grant(from, token, floor, nowNanos);
    }

    /** The grantor's answer; a new highest token is kept (on disk) before the answer can leave. */
    private Answer grant(Holder from, long token, long floor, long nowNanos) {
        long before = grantor.highestToken();
        Answer answer = grantor.answer(from, token, Math.max(floor, ballotFloor), nowNanos);
        if (grantor.highestToken() != before) {
            persist.accept(grantor.highestToken());
        }
        return answer;
    }

    /** This peer's claim, or its raft probe, asking for {@code token}; null if neither is. */
    private Claim asking(long token) {
        return claim != null && claim.token() == token ? claim : probe != null && probe.token() == token ? probe : null;
    }

    /** Proof that {@code holder}'s process has ended: what was promised to it ends now. */
    public synchronized void holderExited(Holder holder) {
        grantor.release(holder);
        if (followed != null && followed.holder().equals(holder)) {
            followed = null;
        }
    }

    /**
     * Raft: may a vote request for {@code term} from {@code sender} reach the election now? A member that promised
     * a lease to another peer votes for no one until that promise ends: a new leader could otherwise commit writes
     * while the holder, cut off, still answers reads from its copy. 0 if it may (and from then on no lease is
     * granted below {@code term}, so no lease granted after the vote overlaps the new term); otherwise how many
     * nanoseconds the promise still runs.
     */
    public synchronized long ballotWait(String sender, long term, long nowNanos) {
        Promise promise = voter.getAsBoolean() ? grantor.promise(nowNanos) : null;
        if (promise != null && !promise.holder().name().equals(sender)) {
            return Math.max(1, promise.untilNanos() - nowNanos);
        }
        ballotFloor = Math.max(ballotFloor, term);
        return 0;
    }

    /**
     * Raft: this peer asks for votes in {@code term}, so whoever wins, it holds no lease of an earlier term from now
     * on (the next verdict reports the end).
     */
    public synchronized void ballotSent(long term, long nowNanos) {
        if (claim != null && claim.token() < term) {
            leading = false;
            if (claim.holds(nowNanos)) {
                claim.endAt(nowNanos);
            } else {
                claim = null;
            }
        }
    }

    // ---- the candidate's side

    /** {@code voter} granted the request for {@code token} sent at {@code sentNanos}. */
    public synchronized void onGranted(String voterName, long token, long sentNanos, long nowNanos) {
        Claim asking = asking(token);
        if (asking != null) {
            asking.granted(voterName, sentNanos, nowNanos);
            track(nowNanos);
        }
    }

    /** A member refused {@code token} as not above {@code highest}: a later claim must go higher. */
    public synchronized void onStale(long token, long highest, long nowNanos) {
        known = Math.max(known, highest);
        if (claim != null && claim.token() == token) {
            if (!claim.holds(nowNanos)) {
                claim = null; // quorum mode: the next request proposes above it; raft: the term is old anyway
            } else {
                outbid = true; // quorum mode: the next verdict moves this leadership above it
            }
        }
    }

    /**
     * The token to ask for now, for this peer's claim (or, in raft mode, its probe after a lapse); -1 if there is
     * nothing to ask for. The request goes out first and this peer's own grant is counted after it
     * ({@link #grantSelf}), so that writing the token to disk overlaps with the members doing the same.
     */
    public synchronized long nextRequest(long nowNanos) {
        if (stopped) {
            return -1;
        }
        if (claim == null && probe != null && !probe.isOver(nowNanos)) {
            return probe.token();
        }
        return claim == null || claim.isOver(nowNanos) ? -1 : claim.token();
    }

    /** This peer, as a voter, grants its own request for {@code token} sent at {@code sentNanos}. */
    public synchronized void grantSelf(long token, long sentNanos, long floor, long nowNanos) {
        Claim asking = asking(token);
        if (asking == null || !voter.getAsBoolean()) {
            return;
        }
        Answer own = grant(self, token, floor, nowNanos);
        if (own instanceof Answer.Granted) {
            asking.granted(self.name(), sentNanos, nowNanos);
            track(nowNanos);
        } else if (own instanceof Answer.Stale stale) {
            known = Math.max(known, stale.highestGranted());
            if (asking == claim && !claim.holds(nowNanos)) {
                claim = null; // the next verdict claims again above it
            }
        }
    }

    /**
     * This peer is about to become the candidate, so its claim starts now instead of when the election loop has
     * seen why: the members' grants travel while the loop catches up. Quorum mode: it takes over from
     * {@code predecessor} (suspected, or gone from the view passing down); until a verdict names this peer, or for
     * at most a promise's length, verdicts that still name the predecessor keep the claim. Raft mode: jgroups-raft
     * has just made it leader of {@code givenToken}, the term (no predecessor: the loop reads the new leader at
     * once). Leading still takes a verdict that names this peer. False if there is a claim already, the term's
     * lease ran out before, or the peer is leaving.
     *
     * @param givenToken raft: the term; quorum mode: -1 (the claim proposes its token)
     */
    public synchronized boolean claimAhead(String predecessor, long givenToken, int majority, long nowNanos) {
        if (stopped || claim != null || givenToken >= 0 && givenToken == spentTerm) {
            return false;
        }
        if (givenToken >= 0) {
            known = Math.max(known, givenToken);
        }
        claim = new Claim(givenToken >= 0 ? givenToken : known + 1, terms, majority);
        this.predecessor = predecessor;
        succeedingUntil = nowNanos + terms.promiseNanos();
        return true;
    }

    /** Whether this peer's claim still waits for a majority's grants (so a promise ending is worth asking again). */
    public synchronized boolean awaitsGrants(long nowNanos) {
        return claim != null && !claim.holds(nowNanos) && !claim.isOver(nowNanos);
    }

    // ---- the verdict

    /**
     * Who leads, given the candidate the mode's rule names (null for none).
     *
     * @param candidate  who would lead by the mode's rule, or null
     * @param majority   how many voters' grants make a lease
     * @param givenToken raft: the current term; quorum mode: -1 (the claim proposes its token)
     */
    public synchronized Verdict judge(String candidate, int majority, long givenToken, long nowNanos) {
        if (givenToken >= 0) {
            known = Math.max(known, givenToken);
        }
        if (stopped) {
            return Verdict.none(known, "leaving the cluster", nowNanos);
        }
        if (!self.name().equals(candidate)) {
            if (claim != null && candidate != null && candidate.equals(predecessor) && succeedingUntil - nowNanos > 0) {
                return Verdict.none(known, "taking over from " + candidate + ": waiting for the view", nowNanos);
            }
            Verdict ended = dropClaim(nowNanos);
            if (candidate == null) {
                return ended != null ? ended : Verdict.none(known, null, nowNanos);
            }
            return following(candidate, nowNanos, ended);
        }
        predecessor = null;
        if (claim != null && givenToken >= 0 && claim.token() != givenToken) {
            dropClaim(nowNanos); // a new term is a new leadership
        }
        Verdict ended = null;
        if (outbid && claim != null && givenToken < 0 && claim.holds(nowNanos)) {
            // two candidates picked the same token and a member kept the other's; a new leadership above both lets
            // every member confirm this one (raft's token is the term, which only jgroups-raft moves)
            claim.endAt(nowNanos);
            leading = false;
            ended = Verdict.none(known, "a member granted token " + claim.token() + " to another claim: leading again"
                    + " with a higher one", nowNanos);
            claim = null;
        }
        outbid = false;
        if (claim != null && claim.isOver(nowNanos)) {
            ended = lapsed(nowNanos);
            if (givenToken >= 0) {
                spentTerm = claim.token();
            }
            claim = null;
        }
        if (claim == null) {
            if (givenToken >= 0 && givenToken == spentTerm) {
                if (probe == null || probe.token() != givenToken || probe.isOver(nowNanos)) {
                    probe = new Claim(givenToken, terms, majority);
                }
                boolean heard = probe.holds(nowNanos);
                return new Verdict(null, known, "lease ran out in term " + givenToken + (heard
                        ? "; a majority hears this peer again: starting a new term"
                        : "; waiting for a majority to hear this peer"),
                        ended != null ? ended.sinceNanos() : nowNanos, heard);
            }
            claim = new Claim(givenToken >= 0 ? givenToken : known + 1, terms, majority);
        }
        if (claim.holds(nowNanos)) {
            track(nowNanos);
            return Verdict.leads(self.name(), claim.token(), nowNanos);
        }
        return ended != null ? ended : Verdict.none(known, waiting(majority, nowNanos), nowNanos);
    }

    private Verdict following(String candidate, long nowNanos, Verdict ended) {
        Promise promise = voter.getAsBoolean() ? grantor.promise(nowNanos) : followed;
        if (promise != null && promise.heldAt(nowNanos) && promise.holder().name().equals(candidate)) {
            return Verdict.leads(candidate, promise.token(), nowNanos);
        }
        if (ended != null) {
            return ended;
        }
        if (promise != null && promise.heldAt(nowNanos)) {
            return Verdict.none(known, "waiting " + millis(promise.untilNanos() - nowNanos) + " ms for the lease granted to "
                    + promise.holder().name() + " to run out", nowNanos);
        }
        return Verdict.none(known, "leader " + candidate + " not confirmed: no lease request from it within "
                + terms.describe(), nowNanos);
    }

    private String waiting(int majority, long nowNanos) {
        Promise promise = voter.getAsBoolean() ? grantor.promise(nowNanos) : null;
        if (promise != null && !promise.holder().equals(self)) {
            return "waiting " + millis(promise.untilNanos() - nowNanos) + " ms for the lease granted to "
                    + promise.holder().name() + " to run out";
        }
        return "waiting for a majority to grant the lease: " + claim.grants() + " of " + majority + " needed";
    }

    /** Ends this peer's claim; if it held the lease until now, the verdict that says so, as of its end. */
    private Verdict dropClaim(long nowNanos) {
        Verdict ended = claim != null && (claim.holds(nowNanos) || claim.isOver(nowNanos)) ? lapsed(nowNanos) : null;
        claim = null;
        predecessor = null;
        probe = null;
        leading = false;
        return ended;
    }

    private Verdict lapsed(long nowNanos) {
        leading = false;
        long end = claim.holds(nowNanos) ? nowNanos : claim.heldUntil();
        return Verdict.none(known, "lease ran out: no majority granted it within " + terms.describe(), end);
    }

    private void track(long nowNanos) {
        if (claim != null && claim.holds(nowNanos)) {
            known = Math.max(known, claim.token()); // this peer's next leadership, after this one, goes above it
            leaseToken = claim.token();
            leaseEnd = claim.heldUntil();
            leading = true;
        }
    }

    /** Stops claiming for good (the peer is leaving): from now on this peer holds no lease. */
    public synchronized void stop() {
        claim = null;
        leading = false;
        stopped = true;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(Math.max(0, nanos));
    }
}
