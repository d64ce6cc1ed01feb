package io.conclave.shell;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The commands of the peer shell; the same commands run from -c, --script and piped input. */
@Command(name = "", description = "Conclave peer shell", mixinStandardHelpOptions = false,
        synopsisHeading = "", commandListHeading = "Commands:%n")
public final class PeerCommands {

    private final ShellSession session;

    public PeerCommands(ShellSession session) {
        this.session = session;
    }

    private void print(Report report, OutputFormat output) {
        session.console().out(output.render(report));
    }

    @Command(name = "view", description = "The current view: id, members in order, coordinator and this peer marked.")
    void view(@Mixin OutputFormat output) {
        print(Reports.view(session.peer(), session.style()), output);
    }

    @Command(name = "members", description = "Each member with its role (leader or follower) and address.")
    void members(@Mixin OutputFormat output) {
        print(Reports.members(session.peer(), session.style()), output);
    }

    @Command(name = "leader", description = "Who leads, the mode, the epoch, since when, and why there is none if there is none.")
    void leader(@Mixin OutputFormat output) {
        print(Reports.leader(session.peer(), session.style()), output);
    }

    @Command(name = "history", description = "The timeline of views, merges and leader changes, with timestamps.")
    void history(@Parameters(arity = "0..1", defaultValue = "20", paramLabel = "N", description = "how many events (default 20)") int limit,
                 @Mixin OutputFormat output) {
        if (limit < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "N must be at least 1, but was " + limit);
        }
        print(Reports.history(session.peer(), limit, session.style()), output);
    }

    @Command(name = "merges", description = "Every merge seen: when, the subgroups and the leader each had, who leads after.")
    void merges(@Mixin OutputFormat output) {
        print(Reports.merges(session.peer(), session.style()), output);
    }

    @Command(name = "stack", description = "The protocols of the running stack and the timing settings that matter.")
    void stack(@Mixin OutputFormat output) {
        print(Reports.stack(session.peer()), output);
    }

    @Command(name = "status", description = "This peer at a glance: cluster, mode, role, leader, epoch, view.")
    void status(@Mixin OutputFormat output) {
        print(Reports.status(session), output);
    }

    @Command(name = "events", description = "Turn the announcement of events (views, merges, leader changes, suspicions) on or off.")
    void events(@Parameters(arity = "0..1", paramLabel = "on|off", description = "on or off; without it, shows the setting") String state) {
        if (state != null) {
            switch (state) {
                case "on" -> session.events(true);
                case "off" -> session.events(false);
                default -> throw new CommandLine.ParameterException(new CommandLine(this),
                        "expected 'on' or 'off', but was '" + state + "'");
            }
        }
        session.console().out("events " + (session.eventsOn() ? "on" : "off"));
    }

    @Command(name = "stacktrace", description = "Show the last error in full.")
    void stacktrace() {
        session.console().out(Reports.stacktrace(session.lastError()));
    }

    @Command(name = "quit", aliases = "exit", description = "Leave the cluster gracefully and exit.")
    void quit() {
        session.requestQuit();
    }
}
