package io.conclave.shell;

import io.conclave.election.Mode;
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

    /** Adds the @Command methods of {@code extension} (e.g. mode-specific commands) to the tree. */
    public static void extend(CommandLine root, Object extension) {
        new CommandLine(extension).getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) {
                sub.setCaseInsensitiveEnumValuesAllowed(true);
                root.addSubcommand(name, sub, sub.getCommandSpec().aliases());
            }
        });
    }

    public static CommandRunner interpreter(ShellSession session) {
        CommandLine root = commands(session);
        return new CommandRunner(root, session, () -> PromptFormat.prompt(session.peer(), session.style()),
                new ShellCompleter(root, () -> session.peer().view().members()));
    }
}
