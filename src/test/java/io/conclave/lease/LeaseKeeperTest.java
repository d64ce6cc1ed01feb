package io.conclave.lease;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease rules on a fake clock (milliseconds as nanos' unit, here): both sides, tokens, pauses, crashes. */
class LeaseKeeperTest {

    private static final long MS = 1_000_000;
    private static final LeaseTerms TERMS = LeaseTerms.of(Duration.ofMillis(1000));

    private final List<Long> persisted = new ArrayList<>();

    private LeaseKeeper keeper(String name) {
        return new LeaseKeeper(new Holder(name, name.hashCode()), TERMS, () -> true, 0, persisted::add);
    }

    /** A asks at {@code at}; every member answers at once; A counts the grants. */
    private static void round(LeaseKeeper a, long at, LeaseKeeper... members) {
        long token = a.nextRequest(at);
        a.grantSelf(token, at, 0, at);
        for (LeaseKeeper m : members) {
            Answer answer = m.onRequest(a.self(), token, 0, at);
            if (answer instanceof Answer.Granted) {
                a.onGranted(m.self().name(), token, at, at);
            }
        }
    }

    @Test
    void aCandidateLeadsOnlyOnceAMajorityGrantedAndItsTokenIsKeptBeforeTheGrant() {
        LeaseKeeper a = keeper("A"), b = keeper("B"), c = keeper("C");
        assertThat(a.judge("A", 2, -1, 0).leader()).isNull();
        round(a, 0, b);
        Verdict v = a.judge("A", 2, -1, 0);
        assertThat(v.leader()).isEqualTo("A");
        assertThat(v.token()).isEqualTo(1);
        assertThat(persisted).contains(1L);
        assertThat(b.judge("A", 2, -1, 0).leader()).isEqualTo("A");
        assertThat(c.judge("A", 2, -1, 0).leader()).as("C granted nothing, heard nothing").isNull();
    }

    @Test
    void aLeaderThatWasPausedKnowsOnResumeThatItsLeaseRanOutAndLateGrantsReviveNothing() {
        LeaseKeeper a = keeper("A"), b = keeper("B");
        a.judge("A", 2, -1, 0);
        round(a, 0, b);
        assertThat(a.holds(500 * MS)).isTrue();
        long resumed = 5_000 * MS;
        assertThat(a.holds(resumed)).isFalse();
        // a grant of the old request, delivered after the pause, counts from its send time: nothing
        a.onGranted("B", 1, 0, resumed);
        Verdict after = a.judge("A", 2, -1, resumed);
        assertThat(after.leader()).isNull();
        assertThat(after.sinceNanos()).as("the loss is dated when the lease ran out").isLessThan(1_000 * MS);
    }

    @Test
    void aNewCandidateWaitsUntilThePromisesToTheOldLeaderRunOutAndGetsAHigherToken() {
        LeaseKeeper a = keeper("A"), b = keeper("B"), c = keeper("C");
        a.judge("A", 2, -1, 0);
        round(a, 0, b, c);
        // C is now candidate (say, its view no longer has A): B and C promised A until ~1010 ms
        c.judge("C", 2, -1, 300 * MS);
        round(c, 300 * MS, b);
        assertThat(c.judge("C", 2, -1, 300 * MS).leader()).isNull();
        assertThat(c.judge("C", 2, -1, 300 * MS).reason()).startsWith("waiting").contains("granted to A");
        long later = 1_100 * MS;
        assertThat(a.holds(later)).isFalse();
        c.judge("C", 2, -1, later);
        round(c, later, b);
        Verdict v = c.judge("C", 2, -1, later);
        assertThat(v.leader()).isEqualTo("C");
        assertThat(v.token()).isGreaterThan(1);
    }

    @Test
    void theProcessExitOfTheOldLeaderEndsThePromiseAtOnce() {
        LeaseKeeper a = keeper("A"), b = keeper("B"), c = keeper("C");
        a.judge("A", 2, -1, 0);
        round(a, 0, b, c);
        b.holderExited(a.self());
        c.holderExited(a.self());
        c.judge("C", 2, -1, 10 * MS);
        round(c, 10 * MS, b);
        assertThat(c.judge("C", 2, -1, 10 * MS).leader()).isEqualTo("C");
    }

    @Test
    void aMemberRefusesATokenNotAboveWhatItGrantedAndTheNextClaimGoesHigher() {
        LeaseKeeper b = keeper("B");
        Holder x = new Holder("X", 1), y = new Holder("Y", 2);
        assertThat(b.onRequest(x, 5, 0, 0)).isInstanceOf(Answer.Granted.class);
        Answer stale = b.onRequest(y, 5, 0, 2_000 * MS);
        assertThat(stale).isEqualTo(new Answer.Stale(5));
        assertThat(b.onRequest(y, 6, 0, 2_000 * MS)).isInstanceOf(Answer.Granted.class);
        assertThat(b.onRequest(x, 5, 0, 2_100 * MS)).as("the old holder's renewal").isInstanceOf(Answer.Busy.class);
    }

    @Test
    void raftALeaseThatRanOutIsNeverRegainedInTheSameTerm() {
        LeaseKeeper a = keeper("A"), b = keeper("B");
        a.judge("A", 2, 7, 0);
        long token = a.nextRequest(0);
        a.grantSelf(token, 0, 7, 0);
        b.onRequest(a.self(), token, 7, 0);
        a.onGranted("B", 7, 0, 0);
        assertThat(a.judge("A", 2, 7, 0).leader()).isEqualTo("A");
        Verdict lapsed = a.judge("A", 2, 7, 3_000 * MS);
        assertThat(lapsed.leader()).isNull();
        assertThat(lapsed.needsNewTerm()).as("no vote before a majority hears it: it would only inflate the term").isFalse();
        // the same requests go on, only to learn that a majority hears it again
        long probe = a.nextRequest(3_000 * MS);
        a.grantSelf(probe, 3_000 * MS, 7, 3_000 * MS);
        assertThat(probe).isEqualTo(7);
        b.onRequest(a.self(), probe, 7, 3_000 * MS);
        a.onGranted("B", 7, 3_000 * MS, 3_000 * MS);
        Verdict heard = a.judge("A", 2, 7, 3_000 * MS);
        assertThat(heard.leader()).as("never again in term 7").isNull();
        assertThat(heard.needsNewTerm()).isTrue();
        assertThat(a.judge("A", 2, 8, 3_000 * MS).leader()).as("a new term is a new claim").isNull();
    }

    @Test
    void raftAMemberVotesForNoOneWhileItPromisedTheLeaseToAnotherAndGrantsNoLeaseBelowATermItVotedIn() {
        LeaseKeeper a = keeper("A"), b = keeper("B");
        a.judge("A", 2, 7, 0);
        round(a, 0, b);
        assertThat(a.heldToken(0)).as("B granted A's term-7 lease").isEqualTo(7);

        long wait = b.ballotWait("C", 8, 100 * MS);
        assertThat(wait).as("held back until the promise to A ends").isEqualTo(TERMS.promiseNanos() - 100 * MS);
        assertThat(b.ballotWait("A", 8, 100 * MS)).as("the holder itself may ask").isZero();
        assertThat(b.ballotWait("C", 9, TERMS.promiseNanos())).as("once the promise ended").isZero();
        // a renewal of A's term-7 lease, arriving after the vote in term 9 went through, is refused
        assertThat(b.onRequest(a.self(), 7, 7, TERMS.promiseNanos() + MS)).isEqualTo(new Answer.Stale(9));
    }

    @Test
    void raftALeaderAskingForVotesInALaterTermStopsHoldingItsLeaseAtOnce() {
        LeaseKeeper a = keeper("A"), b = keeper("B");
        a.judge("A", 2, 7, 0);
        round(a, 0, b);
        assertThat(a.holds(100 * MS)).isTrue();
        assertThat(a.heldToken(100 * MS)).isEqualTo(7);
        a.ballotSent(8, 100 * MS);
        assertThat(a.holds(100 * MS)).isFalse();
        assertThat(a.heldToken(100 * MS)).isEqualTo(-1);
        round(a, 200 * MS, b);
        assertThat(a.holds(200 * MS)).as("late grants of term 7 revive nothing").isFalse();
        Verdict ended = a.judge("A", 2, 7, 200 * MS);
        assertThat(ended.leader()).isNull();
        assertThat(ended.sinceNanos()).as("dated when it asked for votes").isEqualTo(100 * MS);
    }

    @Test
    void twoCandidatesNeverBothHoldAMajority() {
        LeaseKeeper[] members = {keeper("A"), keeper("B"), keeper("C"), keeper("D"), keeper("E")};
        LeaseKeeper x = members[0], y = members[4];
        x.judge("A", 3, -1, 0);
        y.judge("E", 3, -1, 0);
        for (long t = 0; t < 3_000 * MS; t += 100 * MS) {
            round(x, t, members[1], members[2]);
            round(y, t, members[2], members[3]);
            x.judge("A", 3, -1, t);
            y.judge("E", 3, -1, t);
            assertThat(x.holds(t) && y.holds(t)).as("both hold at %d ms", t / MS).isFalse();
        }
    }
}
