package io.conclave.lab;

import io.conclave.agreement.Census;
import io.conclave.election.ConclaveException;
import io.conclave.shell.CommandRunner;
import io.conclave.shell.ConfigFlags;
import io.conclave.shell.Console;
import io.conclave.shell.FaultCommands;
import io.conclave.shell.Interpreter;
import io.conclave.shell.PeerShell;
import io.conclave.shell.Session;
import io.conclave.shell.ShellCompleter;
import io.conclave.shell.Style;
import io.conclave.timeline.PeerState;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import picocli.CommandLine;

import java.util.List;

/**
 * The lab's shell: its own commands, and {@code @P COMMAND} to run any peer command on peer P
 * ({@code @A leader}, {@code @C history}). The prompt shows the state of the whole lab.
 */
public final class LabShell implements Interpreter {

    private final Lab lab;
    private final Session session;
    private final CommandRunner commands;
    private final Completer completer;

    public LabShell(Lab lab, Console console) {
        this.lab = lab;
        this.session = new Session(console);
        CommandLine root = new CommandLine(new LabCommands(lab, session));
        root.setCaseInsensitiveEnumValuesAllowed(true);
        PeerShell.extend(root, FaultCommands.of(lab, console));
        PeerShell.extend(root, new LabTimelineCommand(lab, session));
        ShellCompleter names = new ShellCompleter(root, lab::names);
        this.commands = new CommandRunner(root, session, this::prompt, names);
        this.completer = (reader, line, candidates) -> {
            if (line.wordIndex() == 0) {
                lab.names().forEach(n -> candidates.add(new Candidate("@" + n)));
            }
            if (!line.words().isEmpty() && line.words().get(0).startsWith("@") && line.wordIndex() > 0) {
                return;
            }
            names.complete(reader, line, candidates);
        };
    }

    @Override
    public int execute(String line) {
        lab.flushEvents();
        String command = line.strip();
        if (!command.startsWith("@")) {
            int code = commands.execute(command);
            if (command.equals("help")) {
                session.console().out("  @P COMMAND     Run a peer command on peer P: @A leader, @C history, @A help.");
            }
            return code;
        }
        int space = command.indexOf(' ');
        String name = command.substring(1, space < 0 ? command.length() : space);
        String rest = space < 0 ? "" : command.substring(space + 1).strip();
        if (rest.isEmpty()) {
            session.console().err("usage: @P COMMAND, e.g. @A leader (peers: " + String.join(",", lab.names()) + ")");
            return 2;
        }
        try {
            return lab.shellOf(name).execute(rest);
        } catch (ConclaveException e) {
            session.console().err("@" + name + ": " + ConfigFlags.inFlags(e.getMessage()));
            return 2;
        }
    }

    @Override
    public boolean quitRequested() {
        return session.quitRequested();
    }

    /** {@code lab (5 up, leader A)> }, with the split brain or the lack of a leader in colour. */
    @Override
    public String prompt() {
        List<PeerRow> rows = lab.rows();
        Style style = session.console().style();
        long up = rows.stream().filter(PeerRow::up).count();
        long paused = rows.stream().filter(r -> r.state() == PeerState.PAUSED).count();
        long down = rows.size() - up - paused;
        Census census = ViewsReport.census(rows);
        String leaders = census.splitBrain() ? style.red("SPLIT BRAIN: " + String.join(",", census.leaders().keySet()))
                : census.leaderCount() == 0 ? style.red("no leader")
                : "leader " + census.leaders().keySet().iterator().next()
                + (census.leaderless().isEmpty() ? "" : style.yellow(", none on " + census.leaderless().values().stream()
                .flatMap(List::stream).reduce((a, b) -> a + "," + b).orElse("")));
        return style.bold("lab") + " (" + up + " up" + (paused > 0 ? ", " + paused + " paused" : "")
                + (down > 0 ? ", " + down + " down" : "") + ", " + leaders + ")> ";
    }

    @Override
    public void settle() {
        lab.settle();
    }

    @Override
    public Completer completer() {
        return completer;
    }
}
