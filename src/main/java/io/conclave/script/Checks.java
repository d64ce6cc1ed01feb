package io.conclave.script;

import io.conclave.election.ConclaveException;
import io.conclave.shell.Durations;
import io.conclave.shell.Interpreter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Parses the await and expect lines of a script into {@link Check}s. */
final class Checks {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Usage lines, shown by {@code help} and in errors. */
    static final List<String> USAGE = List.of(
            "await leader [TIMEOUT]              all live peers agree on one leader",
            "await leaders N [TIMEOUT]           exactly N distinct leaders among live peers (2 = split brain)",
            "await no-leader P [TIMEOUT]         peer P sees no leader",
            "await view-size N [P] [TIMEOUT]     the view of P (default: every live peer) has N members",
            "await merged [TIMEOUT]              a merge was seen since the last fault",
            "await copies K V [TIMEOUT]          every live peer's own copy holds K = V (raft mode)",
            "expect leader P[,Q...]              all live peers agree on one leader, and it is P (or Q...)",
            "expect get K V [@P]                 reading K (on P) gives V",
            "expect fails COMMAND                the command fails (e.g. a write on a minority side)",
            "sleep DURATION                      wait; durations like 500ms, 3s, 2m (TIMEOUT defaults to 10s)");

    private Checks() {
    }

    static Check parse(List<String> words, ScriptTarget target, Interpreter interpreter) {
        String verb = words.get(0);
        if (words.size() < 2) {
            throw usage(verb, "what to " + verb + " is missing");
        }
        String what = words.get(1);
        List<String> args = new ArrayList<>(words.subList(2, words.size()));
        return verb.equals("await") ? await(what, args, target) : expect(what, args, target, interpreter);
    }

    private static Check await(String what, List<String> args, ScriptTarget target) {
        Duration timeout = args.isEmpty() || !Durations.looksLikeOne(args.get(args.size() - 1))
                ? DEFAULT_TIMEOUT : Durations.parse(args.remove(args.size() - 1));
        return switch (what) {
            case "leader" -> {
                arity("await leader", args, 0, 0);
                yield new Check("all live peers to agree on one leader", Conditions.agreedLeader(target, Set.of()), timeout);
            }
            case "leaders" -> {
                arity("await leaders", args, 1, 1);
                int n = number("await leaders", args.get(0));
                yield new Check("exactly " + n + (n == 1 ? " leader" : " leaders") + " among live peers",
                        Conditions.leaders(target, n), timeout);
            }
            case "no-leader" -> {
                arity("await no-leader", args, 1, 1);
                yield new Check(args.get(0) + " to see no leader", Conditions.noLeader(target, args.get(0)), timeout);
            }
            case "view-size" -> {
                arity("await view-size", args, 1, 2);
                int n = number("await view-size", args.get(0));
                String peer = args.size() == 2 ? args.get(1) : null;
                yield new Check((peer == null ? "every live peer's view" : peer + "'s view") + " to have " + n + " members",
                        Conditions.viewSize(target, n, peer), timeout);
            }
            case "merged" -> {
                arity("await merged", args, 0, 0);
                yield new Check("a merge since the last fault", Conditions.merged(target), timeout);
            }
            case "copies" -> {
                arity("await copies", args, 2, 2);
                yield new Check("every live peer's own copy to hold " + args.get(0) + " = " + args.get(1),
                        Conditions.copies(target, args.get(0), args.get(1)), timeout);
            }
            default -> throw usage("await", "unknown condition '" + what + "'");
        };
    }

    private static Check expect(String what, List<String> args, ScriptTarget target, Interpreter interpreter) {
        return switch (what) {
            case "leader" -> {
                arity("expect leader", args, 1, 1);
                Set<String> allowed = new LinkedHashSet<>(Arrays.asList(args.get(0).split(",")));
                yield new Check("all live peers to agree on leader " + String.join(" or ", allowed),
                        Conditions.agreedLeader(target, allowed), Duration.ZERO);
            }
            case "get" -> {
                arity("expect get", args, 2, 3);
                String peer = null;
                if (args.size() == 3) {
                    if (!args.get(2).startsWith("@")) {
                        throw usage("expect get", "the peer to read on is written @P, not '" + args.get(2) + "'");
                    }
                    peer = args.get(2).substring(1);
                }
                yield new Check(args.get(0) + " = " + args.get(1) + (peer == null ? "" : " on " + peer),
                        Conditions.stored(target, args.get(0), args.get(1), peer), Duration.ZERO);
            }
            case "fails" -> {
                if (args.isEmpty()) {
                    throw usage("expect fails", "the command to run is missing");
                }
                String command = String.join(" ", args.stream().map(Checks::quoted).toList());
                yield new Check("'" + command + "' to fail", Conditions.fails(interpreter, command), Duration.ZERO);
            }
            default -> throw usage("expect", "unknown expectation '" + what + "'");
        };
    }

    private static String quoted(String word) {
        return word.isEmpty() || word.chars().anyMatch(Character::isWhitespace) ? "'" + word + "'" : word;
    }

    private static void arity(String form, List<String> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw usage(form, args.size() < min ? "an argument is missing" : "too many arguments: " + String.join(" ", args));
        }
    }

    private static int number(String form, String word) {
        try {
            int n = Integer.parseInt(word);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw usage(form, "'" + word + "' is not a count");
    }

    private static ConclaveException usage(String form, String problem) {
        String verb = form.split(" ")[0];
        String forms = String.join("; ", USAGE.stream().filter(u -> u.startsWith(form.contains(" ") ? form : verb))
                .map(u -> u.split("\\s{2,}")[0]).toList());
        return new ConclaveException(problem + " (usage: " + forms + ")");
    }
}
