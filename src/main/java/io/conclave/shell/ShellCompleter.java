package io.conclave.shell;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** Completes command names first, then the command's options and the names of the current members. */
public final class ShellCompleter implements Completer {

    private final CommandLine root;
    private final Supplier<List<String>> memberNames;

    public ShellCompleter(CommandLine root, Supplier<List<String>> memberNames) {
        this.root = root;
        this.memberNames = memberNames;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        candidates.addAll(candidates(line.words(), line.wordIndex()).stream()
                .map(word -> new Candidate(word, word, null, null, null, null, true)).toList());
    }

    /** The words that may stand at position {@code index} after {@code words}. */
    public List<String> candidates(List<String> words, int index) {
        if (index == 0) {
            List<String> names = new ArrayList<>(root.getSubcommands().keySet());
            names.add("help");
            return names;
        }
        String command = words.get(0);
        if (command.equals("help")) {
            return List.copyOf(root.getSubcommands().keySet());
        }
        CommandLine sub = root.getSubcommands().get(command);
        if (sub == null) {
            return List.of();
        }
        String previous = index > 0 && index - 1 < words.size() ? words.get(index - 1) : "";
        if (previous.equals(OutputFormat.SHORT) || previous.equals(OutputFormat.LONG)) {
            return Arrays.stream(Format.values()).map(Format::name).toList();
        }
        if (command.equals("events")) {
            return List.of("on", "off");
        }
        if (index >= 2 && sub.getSubcommands().containsKey(words.get(1))) {
            sub = sub.getSubcommands().get(words.get(1)); // raft add|remove NAME
        }
        List<String> all = new ArrayList<>(memberNames.get());
        if (index == 1) {
            all.addAll(sub.getSubcommands().keySet());
        }
        sub.getCommandSpec().options().forEach(o -> all.addAll(List.of(o.names())));
        return all;
    }
}
