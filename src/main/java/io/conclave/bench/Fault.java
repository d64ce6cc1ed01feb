package io.conclave.bench;

/** What happens to the leader in a failover trial. */
public enum Fault {
    /** kill -9: the process dies, the kernel closes its sockets. */
    kill,
    /** SIGSTOP held longer than failure detection, then SIGCONT: a hang or a long GC pause. */
    pause,
    /** SIGTERM: the peer leaves gracefully. */
    leave,
    /** The fault protocol isolates the leader: a pulled cable. */
    partition
}
