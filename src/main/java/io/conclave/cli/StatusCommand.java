package io.conclave.cli;

import picocli.CommandLine.Command;

import java.util.Map;

/** {@code conclave status --admin ...}: each peer's mode, role, leader, epoch and view, without joining. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Ask running peers through their admin endpoints, without joining: one row per peer.",
                AdminQueryCommand.EXIT_CODES})
final class StatusCommand extends AdminQueryCommand {

    @Override
    String path() {
        return "/status";
    }

    @Override
    String[] header() {
        return new String[] {"PEER", "MODE", "ROLE", "LEADER", "EPOCH", "VIEW", "MEMBERS"};
    }

    @Override
    Object[] row(Map<String, Object> status, Object answer) {
        return new Object[] {status.get("peer"), status.get("mode"), status.get("role"), status.get("leader"),
                status.get("epoch"), status.get("view"), join(status.get("members"))};
    }
}
