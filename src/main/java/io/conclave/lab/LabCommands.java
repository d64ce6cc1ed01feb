package io.conclave.lab;

import io.conclave.shell.Durations;
import io.conclave.shell.OutputFormat;
import io.conclave.shell.Reports;
import io.conclave.shell.Session;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The lab's own commands; partition, isolate, heal and faults come from the fault commands, @P from the lab shell. */
@Command(name = "", description = "Conclave lab", synopsisHeading = "", commandListHeading = "Commands:%n")
final class LabCommands {

    private final Lab lab;
    private final Session session;

    LabCommands(Lab lab, Session session) {
        this.lab = lab;
        this.session = session;
    }

    @Command(name = "views", description = "One row per peer: state, view, leader, epoch (or term), role; then whether they agree on a leader.")
    void views(@Mixin OutputFormat output) {
        session.console().out(output.render(ViewsReport.of(lab.rows(), lab.mode(), session.console().style())));
    }

    @Command(name = "kill", description = "Crash a peer: no leave message; the others notice through failure detection.")
    void kill(@Parameters(paramLabel = "PEER") String name) {
        lab.kill(name);
        session.console().out("killed " + name + " (no leave message)");
    }

    @Command(name = "stop", description = "Stop a peer gracefully: it leaves, and a new leader is chosen at once if it led.")
    void stop(@Parameters(paramLabel = "PEER") String name) {
        lab.stop(name);
        session.console().out("stopped " + name + " (it left the cluster)");
    }

    @Command(name = "start", description = "Restart a stopped or killed peer with the same name and data.")
    void start(@Parameters(paramLabel = "PEER") String name) {
        var peer = lab.restart(name);
        session.console().out("started " + name + ": view " + peer.view().id() + ", leader " + peer.leader().orElse("none"));
    }

    @Command(name = "pause", description = {"Pause a peer: it neither sends nor receives for DURATION, then carries on",
            "with its old state, like a long GC pause. Durations like 500ms, 5s."})
    void pause(@Parameters(index = "0", paramLabel = "PEER") String name,
               @Parameters(index = "1", paramLabel = "DURATION") String duration) {
        var length = Durations.parse(duration);
        lab.pause(name, length);
        session.console().out("paused " + name + " for " + Durations.format(length));
    }

    @Command(name = "events", description = "Turn the digest of views, leaders and suspicions on or off (merge reports always print).")
    void events(@Parameters(arity = "0..1", paramLabel = "on|off") String state) {
        if (state != null) {
            switch (state) {
                case "on" -> lab.events(true);
                case "off" -> lab.events(false);
                default -> throw new CommandLine.ParameterException(new CommandLine(this),
                        "expected 'on' or 'off', but was '" + state + "'");
            }
        }
        session.console().out("events " + (lab.eventsOn() ? "on" : "off"));
    }

    @Command(name = "stacktrace", description = "Show the last error in full.")
    void stacktrace() {
        session.console().out(Reports.stacktrace(session.lastError()));
    }

    @Command(name = "quit", aliases = "exit", description = "Stop every peer and leave the lab.")
    void quit() {
        session.requestQuit();
    }
}
