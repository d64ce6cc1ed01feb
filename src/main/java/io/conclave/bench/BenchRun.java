package io.conclave.bench;

import io.conclave.shell.Table;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs trials of one measurement on one stack, or on two stacks alternating trial by trial (so both see
 * the same machine noise), and prints a table or one JSON object.
 */
public final class BenchRun {

    private BenchRun() {
    }

    /** Returns the per-stack results in order: the stack, then the --vs stack if any. */
    public static List<Result> run(TrialRunner runner, List<String> stacks, int trials, PrintWriter err) {
        return run(runner, stacks, trials, err, java.util.Optional.empty());
    }

    /** Like {@link #run(TrialRunner, List, int, PrintWriter)}, writing each trial's events to {@code records}. */
    public static List<Result> run(TrialRunner runner, List<String> stacks, int trials, PrintWriter err,
                                   java.util.Optional<TrialRecords> records) {
        Progress progress = new Progress(err);
        Map<String, List<Trial>> results = new LinkedHashMap<>();
        stacks.forEach(s -> results.put(s, new ArrayList<>()));
        for (int i = 1; i <= trials; i++) {
            for (String stack : stacks) {
                progress.show(runner.describe() + " | " + stack + " | trial " + i + "/" + trials);
                int trial = i;
                results.get(stack).add(records.map(r -> r.run(runner, stack, trial)).orElseGet(() -> runner.run(stack)));
            }
        }
        progress.done();
        return results.entrySet().stream().map(e -> new Result(e.getKey(), e.getValue())).toList();
    }

    /** The run as one JSON object: what was measured, per-stack results, and the p50 ratio of a --vs run. */
    public static Map<String, Object> json(String bench, TrialRunner runner, List<Result> results) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("bench", bench);
        object.put("what", runner.describe());
        object.put("results", results.stream().map(Result::fields).toList());
        if (results.size() == 2) {
            object.put("ratio_p50", ratio(results));
        }
        return object;
    }

    public static void printTable(TrialRunner runner, List<Result> results, PrintWriter out) {
        out.println(runner.describe());
        Table table = new Table("STACK", "TRIALS", "P50_MS", "P90_MS", "MAX_MS", "NOTES");
        for (Result r : results) {
            Stats s = r.stats();
            table.row(r.stack(), s.count(), Stats.round(s.p50()), Stats.round(s.p90()), Stats.round(s.max()), r.notes());
        }
        out.println(table);
        if (results.size() == 2) {
            out.printf("ratio %s / %s (p50): %.2f%n", results.get(1).stack(), results.get(0).stack(), ratio(results));
        }
    }

    private static double ratio(List<Result> results) {
        return Stats.round(results.get(1).stats().p50() / results.get(0).stats().p50());
    }

    /** The trials of one stack. */
    public record Result(String stack, List<Trial> trials) {

        Stats stats() {
            return Stats.of(trials.stream().map(Trial::millis).toList());
        }

        long count(java.util.function.Predicate<Trial> what) {
            return trials.stream().filter(what).count();
        }

        String notes() {
            List<String> notes = new ArrayList<>();
            long resumed = count(Trial::resumedAsLeader);
            if (resumed > 0) {
                notes.add(resumed + " paused leaders resumed believing they led");
            }
            if (overlapMax() > 0) {
                notes.add("two leaders at once in " + count(t -> t.overlapMillis() > 0) + " trials, up to "
                        + overlapMax() + " ms");
            }
            long leaderChanges = count(Trial::leaderChanged);
            long epochChanges = count(Trial::epochChanged);
            if (leaderChanges + epochChanges > 0) {
                notes.add("heal moved the leader " + leaderChanges + "x, changed the epoch " + epochChanges + "x");
            }
            return String.join("; ", notes);
        }

        double overlapMax() {
            return Stats.round(trials.stream().mapToDouble(Trial::overlapMillis).max().orElse(0));
        }

        Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stack", stack);
            m.putAll(stats().asMillis());
            m.put("resumed_as_leader", count(Trial::resumedAsLeader));
            m.put("overlap_p50_ms", Stats.round(Stats.of(trials.stream().map(Trial::overlapMillis).toList()).p50()));
            m.put("overlap_max_ms", overlapMax());
            m.put("leader_changes", count(Trial::leaderChanged));
            m.put("epoch_changes", count(Trial::epochChanged));
            m.put("samples_ms", trials.stream().map(t -> Stats.round(t.millis())).toList());
            return m;
        }
    }
}
