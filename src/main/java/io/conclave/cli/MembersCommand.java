package io.conclave.cli;

import picocli.CommandLine.Command;

import java.util.List;
import java.util.Map;

/** {@code conclave members --admin ...}: the members each peer sees, with their roles. */
@Command(name = "members", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Ask running peers which members they see and their roles (GET /members), without joining.",
                AdminQueryCommand.EXIT_CODES})
final class MembersCommand extends AdminQueryCommand {

    @Override
    String path() {
        return "/members";
    }

    @Override
    String[] header() {
        return new String[] {"PEER", "MEMBERS"};
    }

    @Override
    Object[] row(Map<String, Object> status, Object answer) {
        List<String> members = ((List<?>) answer).stream().map(m -> (Map<?, ?>) m)
                .map(m -> m.get("name") + "(" + m.get("role") + ")").toList();
        return new Object[] {status.get("peer"), String.join(" ", members)};
    }
}
