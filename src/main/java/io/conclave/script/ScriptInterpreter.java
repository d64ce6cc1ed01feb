package io.conclave.script;

import io.conclave.election.ConclaveException;
import io.conclave.poll.Poll;
import io.conclave.shell.ConfigFlags;
import io.conclave.shell.Console;
import io.conclave.shell.Durations;
import io.conclave.shell.Interpreter;
import io.conclave.shell.Style;
import io.conclave.shell.Words;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds the script words (sleep, await, expect) to a shell, be it a peer's or the lab's, and keeps the
 * score: every await and expect passes or fails, and so does every other command. A failed check says what
 * it expected and what it saw, and the run goes on.
 */
public final class ScriptInterpreter implements Interpreter {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Map<String, List<String>> SUBWORDS = Map.of(
            "await", List.of("leader", "leaders", "no-leader", "view-size", "merged", "copies"),
            "expect", List.of("leader", "get", "fails"));

    private final Interpreter shell;
    private final ScriptTarget target;
    private final Console console;
    private int passed;
    private final List<String> failures = new ArrayList<>();
    private int line;

    public ScriptInterpreter(Interpreter shell, ScriptTarget target, Console console) {
        this.shell = shell;
        this.target = target;
        this.console = console;
    }

    /** The script line about to run, so failures can name it; 0 when typed interactively. */
    void atLine(int number) {
        line = number;
    }

    public int passed() {
        return passed;
    }

    /** The failed lines, e.g. "line 7: await leaders 2". */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public int execute(String commandLine) {
        List<String> words = Words.split(commandLine.strip());
        if (words.isEmpty()) {
            return 0;
        }
        try {
            return switch (words.get(0)) {
                case "sleep" -> sleep(words);
                case "await", "expect" -> check(commandLine.strip(), words);
                case "help" -> help(commandLine, words);
                default -> counted(commandLine.strip(), shell.execute(commandLine));
            };
        } catch (ConclaveException e) {
            console.err(words.get(0) + ": " + ConfigFlags.inFlags(e.getMessage()));
            return counted(commandLine.strip(), 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.err(words.get(0) + ": interrupted");
            return counted(commandLine.strip(), 1);
        }
    }

    private int counted(String command, int code) {
        if (code != 0) {
            failures.add((line > 0 ? "line " + line + ": " : "") + command);
        }
        return code;
    }

    private int sleep(List<String> words) throws InterruptedException {
        if (words.size() != 2) {
            throw new ConclaveException("usage: sleep DURATION, e.g. sleep 3s");
        }
        Thread.sleep(Durations.parse(words.get(1)).toMillis());
        return 0;
    }

    private int check(String text, List<String> words) throws InterruptedException {
        Check check = Checks.parse(words, target, shell);
        long start = System.nanoTime();
        Verdict verdict = Poll.until(() -> evaluate(check), Verdict::holds, check.timeout(), POLL);
        Style style = console.style();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (verdict.holds()) {
            passed++;
            console.out(style.green("ok") + "    " + text + ": " + verdict.seen()
                    + (check.waits() ? " (" + Durations.format(took) + ")" : ""));
            return 0;
        }
        console.out(style.red("FAIL") + "  " + (line > 0 ? "line " + line + ": " : "") + text
                + (check.waits() ? " (waited " + Durations.format(took) + ")" : "")
                + ": expected " + check.expected() + "; saw " + verdict.seen());
        return counted(text, 1);
    }

    /** A peer that stops or is paused while awaited is a state to report, not an error. */
    private static Verdict evaluate(Check check) {
        try {
            return check.condition().get();
        } catch (ConclaveException e) {
            return Verdict.of(false, e.getMessage());
        }
    }

    private int help(String commandLine, List<String> words) {
        if (words.size() == 2 && SUBWORDS.containsKey(words.get(1)) || words.size() == 2 && words.get(1).equals("sleep")) {
            console.out(String.join("\n", Checks.USAGE.stream().filter(u -> u.startsWith(words.get(1))).toList()));
            return 0;
        }
        int code = shell.execute(commandLine);
        if (words.size() == 1) {
            console.out("Script commands (in scripts and here):\n  " + String.join("\n  ", Checks.USAGE));
        }
        return code;
    }

    @Override
    public boolean quitRequested() {
        return shell.quitRequested();
    }

    @Override
    public String prompt() {
        return shell.prompt();
    }

    @Override
    public void settle() {
        shell.settle();
    }

    @Override
    public Completer completer() {
        Completer inner = shell.completer();
        return (reader, parsed, candidates) -> {
            List<String> words = parsed.words();
            int index = parsed.wordIndex();
            if (index == 0) {
                List.of("sleep", "await", "expect").forEach(w -> candidates.add(new Candidate(w)));
            } else if (index == 1 && SUBWORDS.containsKey(words.get(0))) {
                SUBWORDS.get(words.get(0)).forEach(w -> candidates.add(new Candidate(w)));
                return;
            }
            inner.complete(reader, parsed, candidates);
        };
    }
}
