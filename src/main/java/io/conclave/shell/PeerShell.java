package io.conclave.shell;

import io.conclave.election.Mode;
import io.conclave.fault.FAULTS;
import picocli.CommandLine;

/** Builds the peer shell's command tree and interpreter for one session. */
public final class PeerShell {

    private PeerShell() {
    }

    public static CommandLine commands(ShellSession session) {
        CommandLine root = new CommandLine(new PeerCommands(session));
        root.setCaseInsensitiveEnumValuesAllowed(true);
        if (session.peer().mode() == Mode.RAFT) {
            StoreCommands.addTo(root, session);
            root.addSubcommand("raft", RaftCommand.commandLine(session));
        }
        return root;
    }

    /**
     * Adds commands (e.g. mode-specific ones) to the tree. Each is an object of a {@code @Command} class that
     * implements Runnable or Callable: picocli runs a {@code @Command} method on the object of the command it
     * belongs to, which after the move would be the root's, so methods of another object cannot be added.
     */
    public static void extend(CommandLine root, Object... commands) {
        for (Object command : commands) {
            CommandLine sub = new CommandLine(command);
            sub.setCaseInsensitiveEnumValuesAllowed(true);
            root.addSubcommand(sub.getCommandName(), sub, sub.getCommandSpec().aliases());
        }
    }

    /** The peer shell; with the fault commands when the peer's stack has the fault-injection protocol. */
    public static CommandRunner interpreter(ShellSession session) {
        CommandLine root = commands(session);
        FAULTS.of(session.peer()).ifPresent(faults -> extend(root, FaultCommands.of(faults, session.console())));
        return new CommandRunner(root, session, () -> PromptFormat.prompt(session.peer(), session.style()),
                new ShellCompleter(root, () -> session.peer().view().members()));
    }
}
