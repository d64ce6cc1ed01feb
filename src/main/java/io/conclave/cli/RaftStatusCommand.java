package io.conclave.cli;

import picocli.CommandLine.Command;

import java.util.Map;

/** {@code conclave raft --admin ...}: each raft peer's role, term and log indexes, like etcdctl endpoint status. */
@Command(name = "raft", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Ask running raft peers for their Raft state (GET /raft), without joining: one row per peer.",
                AdminQueryCommand.EXIT_CODES})
final class RaftStatusCommand extends AdminQueryCommand {

    @Override
    String path() {
        return "/raft";
    }

    @Override
    String[] header() {
        return new String[] {"PEER", "ROLE", "TERM", "LEADER", "COMMIT", "APPLIED", "APPENDED", "LOG", "VOTERS", "REACHABLE"};
    }

    @Override
    Object[] row(Map<String, Object> status, Object answer) {
        Map<?, ?> raft = (Map<?, ?>) answer;
        return new Object[] {status.get("peer"), raft.get("role"), raft.get("term"), raft.get("leader"), raft.get("commit_index"),
                raft.get("last_applied"), raft.get("last_appended"), raft.get("log_size"), join(raft.get("voting_members")),
                raft.get("reachable") + " (" + raft.get("majority") + " needed)"};
    }
}
