package io.conclave.cli;

import picocli.CommandLine.Command;

import java.util.Map;

/** {@code conclave leader --admin ...}: whom each peer sees as leader, and which peer holds leadership. */
@Command(name = "leader", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Ask running peers whom they see as leader (GET /leader), without joining: one row per peer.",
                AdminQueryCommand.EXIT_CODES})
final class LeaderCommand extends AdminQueryCommand {

    @Override
    String path() {
        return "/leader";
    }

    @Override
    String[] header() {
        return new String[] {"PEER", "LEADER", "EPOCH", "LEADS", "SINCE", "LAST_HEARD_MS"};
    }

    @Override
    Object[] row(Map<String, Object> status, Object answer) {
        Map<?, ?> leader = (Map<?, ?>) answer;
        return new Object[] {status.get("peer"), leader.get("leader") == null ? "none: " + leader.get("reason") : leader.get("leader"),
                leader.get("epoch"), Boolean.TRUE.equals(leader.get("is_leader")) ? "yes" : "no", leader.get("since"),
                leader.get("last_heard_ms")};
    }
}
