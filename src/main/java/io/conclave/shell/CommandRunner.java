package io.conclave.shell;

import io.conclave.election.ConclaveException;
import org.jline.reader.Completer;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs command lines against a picocli command tree: one clear line for every mistake, the full trace
 * kept for {@code stacktrace}, and the shell goes on.
 */
public final class CommandRunner implements Interpreter {

    private final CommandLine root;
    private final Session session;
    private final Supplier<String> prompt;
    private final Completer completer;

    public CommandRunner(CommandLine root, Session session, Supplier<String> prompt, Completer completer) {
        this.root = root;
        this.session = session;
        this.prompt = prompt;
        this.completer = completer;
    }

    @Override
    public int execute(String line) {
        List<String> words = Words.split(line.strip());
        if (words.isEmpty()) {
            return 0;
        }
        String name = words.get(0);
        if (name.equals("help")) {
            return help(words);
        }
        CommandLine command = root.getSubcommands().get(name);
        if (command == null) {
            session.console().err("unknown command '" + name + "'" + suggestion(name) + " (type 'help' for the list)");
            return 2;
        }
        try {
            root.parseArgs(words.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            session.console().err(name + ": " + e.getMessage() + " (see 'help " + name + "')");
            return 2;
        }
        return invoke(name);
    }

    private int invoke(String name) {
        try {
            return new CommandLine.RunLast().execute(root.getParseResult());
        } catch (CommandLine.ExecutionException e) {
            return failed(name, e.getCause() == null ? e : e.getCause());
        } catch (RuntimeException e) {
            return failed(name, e);
        }
    }

    private int failed(String name, Throwable error) {
        session.recordError(error);
        if (error instanceof CommandLine.ParameterException p) {
            session.console().err(name + ": " + p.getMessage() + " (see 'help " + name + "')");
            return 2;
        }
        if (error instanceof ConclaveException) {
            session.console().err(name + ": " + ConfigFlags.inFlags(error.getMessage()));
        } else {
            session.console().err(name + ": " + error + " (type 'stacktrace' for details)");
        }
        return 1;
    }

    private int help(List<String> words) {
        if (words.size() == 1) {
            Table table = new Table("Commands:", "");
            root.getSubcommands().forEach((name, sub) -> {
                if (sub.getCommandName().equals(name)) {
                    String[] description = sub.getCommandSpec().usageMessage().description();
                    table.row("  " + name, description.length == 0 ? "" : description[0]);
                }
            });
            table.row("  help [command]", "Show the commands, or one command's options.");
            session.console().out(table.toString());
            return 0;
        }
        CommandLine command = root.getSubcommands().get(words.get(1));
        if (command == null) {
            session.console().err("help: unknown command '" + words.get(1) + "'" + suggestion(words.get(1)));
            return 2;
        }
        StringWriter usage = new StringWriter();
        command.usage(new PrintWriter(usage), CommandLine.Help.Ansi.OFF);
        session.console().out(usage.toString().stripTrailing());
        return 0;
    }

    /** "; did you mean 'view'?" for a near miss, or nothing. */
    private String suggestion(String typed) {
        return root.getSubcommands().keySet().stream()
                .filter(candidate -> distance(typed, candidate) <= Math.max(1, typed.length() / 3)
                        || (typed.length() >= 2 && candidate.startsWith(typed)))
                .min(Comparator.comparingInt(candidate -> distance(typed, candidate)))
                .map(candidate -> "; did you mean '" + candidate + "'?")
                .orElse("");
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    @Override
    public boolean quitRequested() {
        return session.quitRequested();
    }

    @Override
    public String prompt() {
        return prompt.get();
    }

    @Override
    public Completer completer() {
        return completer;
    }
}
