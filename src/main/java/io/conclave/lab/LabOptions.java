package io.conclave.lab;

import io.conclave.election.ConclaveException;
import io.conclave.election.Mode;
import io.conclave.stack.StackDefinition;
import io.conclave.stack.StackSource;

import java.nio.file.Path;
import java.util.List;

/**
 * How to set up a lab.
 *
 * @param peers   how many peers, named A, B, C, ... Z, A1, B1, ... ({@link LabNames})
 * @param stack   a bundled stack name or a stack file
 * @param members raft mode: the voting members, the other lab peers being learners; empty means all lab peers
 * @param dataDir where the peers keep their data (each in a sub-directory named after it)
 * @param record  where to write every event and fault as JSON Lines, or null
 */
public record LabOptions(int peers, String stack, List<String> members, Path dataDir, Path record) {

    /** The most peers a lab runs, all in one JVM (docs/benchmarks.md: what 100 cost on a 2-core box). */
    public static final int MAX_PEERS = 100;

    /** Checks the options against each other and the stack before anything starts. */
    public LabOptions {
        members = List.copyOf(members);
        if (peers < 1 || peers > MAX_PEERS) {
            throw new ConclaveException("--peers " + peers + " is out of range; a lab has 1 to " + MAX_PEERS + " peers (named A to Z, then A1 to Z1, ...)");
        }
        StackDefinition definition = StackSource.load(stack);
        if (!members.isEmpty() && definition.mode() != Mode.RAFT) {
            throw new ConclaveException("--members names the voting members of a raft stack, but " + definition.origin()
                    + " runs in " + definition.mode().label() + " mode");
        }
        List<String> names = LabNames.first(peers);
        List<String> strangers = members.stream().filter(m -> !names.contains(m)).toList();
        if (!strangers.isEmpty()) {
            throw new ConclaveException("--members " + String.join(",", members) + " names " + String.join(",", strangers)
                    + ", not a peer of this lab; its peers are " + String.join(",", names) + " (--peers " + peers + ")");
        }
    }

    /** A, B, C, ... Z, A1, B1, ... */
    public List<String> names() {
        return LabNames.first(peers);
    }
}
