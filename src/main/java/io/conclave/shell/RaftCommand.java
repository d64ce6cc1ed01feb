package io.conclave.shell;

import io.conclave.election.ConclaveException;
import io.conclave.election.RaftControl;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;

/** {@code raft}: this peer's Raft state; {@code raft add NAME} and {@code raft remove NAME} change the voting members. */
@Command(name = "raft", description = "Raft state: role, term, leader, commit index, log, voting members, majority.")
public final class RaftCommand implements Runnable {

    private final ShellSession session;

    @Mixin
    OutputFormat output;

    private RaftCommand(ShellSession session) {
        this.session = session;
    }

    /** The command with its add/remove subcommands, ready to join the shell's tree. */
    public static CommandLine commandLine(ShellSession session) {
        CommandLine raft = new CommandLine(new RaftCommand(session));
        raft.addSubcommand("add", new CommandLine(new Change(session, true)));
        raft.addSubcommand("remove", new CommandLine(new Change(session, false)));
        raft.setCaseInsensitiveEnumValuesAllowed(true);
        return raft;
    }

    private static RaftControl raft(ShellSession session) {
        return session.peer().raft().orElseThrow(() -> new ConclaveException(
                "this peer runs in coordinator mode; raft commands need a raft stack, e.g. --stack raft-udp"));
    }

    @Override
    public void run() {
        session.console().out(output.render(RaftReports.status(raft(session).status(), session.style())));
    }

    @Command(description = "Change the voting members through the Raft log (from any peer; needs a leader and a majority).")
    static final class Change implements Runnable {

        private final ShellSession session;
        private final boolean add;

        @Parameters(index = "0", paramLabel = "NAME", description = "the peer's name (its raft id)")
        String name;

        @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
                description = "How long to wait for the change to be committed (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        Change(ShellSession session, boolean add) {
            this.session = session;
            this.add = add;
        }

        @Override
        public void run() {
            RaftControl raft = raft(session);
            List<String> voters = add ? raft.addVotingMember(name, timeout) : raft.removeVotingMember(name, timeout);
            session.console().out((add ? "added " : "removed ") + name + "; voting members now "
                    + String.join(", ", voters) + " (majority " + (voters.size() / 2 + 1) + ")");
        }
    }
}
