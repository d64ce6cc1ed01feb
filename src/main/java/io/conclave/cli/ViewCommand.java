package io.conclave.cli;

import picocli.CommandLine.Command;

import java.util.Map;

/** {@code conclave view --admin ...}: each peer's current view. */
@Command(name = "view", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Ask running peers for their current view (GET /view), without joining: one row per peer.",
                AdminQueryCommand.EXIT_CODES})
final class ViewCommand extends AdminQueryCommand {

    @Override
    String path() {
        return "/view";
    }

    @Override
    String[] header() {
        return new String[] {"PEER", "VIEW", "COORDINATOR", "MEMBERS"};
    }

    @Override
    Object[] row(Map<String, Object> status, Object answer) {
        Map<?, ?> view = (Map<?, ?>) answer;
        return new Object[] {status.get("peer"), view.get("view"), view.get("coordinator"), join(view.get("members"))};
    }
}
