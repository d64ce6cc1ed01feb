package io.conclave.election;

/**
 * Work that runs only while this peer leads (see {@link Peer#whileLeading}). It should stop soon after its
 * thread is interrupted or {@link Tenure#active()} turns false: the next leader may start a moment after the
 * lease ends, and what this work still does then is guarded only by the fencing token.
 */
@FunctionalInterface
public interface LeaderWork {

    void run(Tenure tenure) throws Exception;
}
