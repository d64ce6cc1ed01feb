package io.conclave.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One input line split into its verb, its plain words and its {@code key=value} options, with readers that
 * reject bad input in one sentence ({@link ScenarioException}), e.g. {@code raft leader=B term=4 view=A,B,C}.
 */
record Command(String verb, List<String> words, Map<String, String> options) {

    static Command parse(String line) {
        String[] tokens = line.trim().split("\\s+");
        List<String> words = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (String token : Arrays.asList(tokens).subList(1, tokens.length)) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                options.put(token.substring(0, eq), token.substring(eq + 1));
            } else {
                words.add(token);
            }
        }
        return new Command(tokens[0], List.copyOf(words), Map.copyOf(options));
    }

    String word(int index, String what) {
        if (index >= words.size()) {
            throw new ScenarioException(verb + ": missing " + what);
        }
        return words.get(index);
    }

    long number(int index, String what) {
        return toLong(word(index, what), what);
    }

    /** An option that must be there. */
    String option(String key) {
        String value = options.get(key);
        if (value == null) {
            throw new ScenarioException(verb + ": missing " + key + "=...");
        }
        return value;
    }

    String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    long numberOption(String key) {
        return toLong(option(key), key);
    }

    long numberOption(String key, long fallback) {
        String value = options.get(key);
        return value == null ? fallback : toLong(value, key);
    }

    /** A comma-separated list of names; {@code -} (or an empty value) for none. */
    List<String> namesOption(String key) {
        return names(option(key));
    }

    static List<String> names(String commaSeparated) {
        return commaSeparated.isEmpty() || commaSeparated.equals("-") ? List.of() : List.of(commaSeparated.split(","));
    }

    /** "1500ms" as milliseconds. */
    static long millis(String text) {
        if (!text.endsWith("ms")) {
            throw new ScenarioException("a time is written in milliseconds, like 1500ms, but was " + text);
        }
        return toLong(text.substring(0, text.length() - 2), "time");
    }

    private static long toLong(String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ScenarioException(what + " must be a whole number, but was " + text);
        }
    }
}
