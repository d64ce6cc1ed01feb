package io.conclave.script;

/** One evaluation of a script condition: whether it holds, and what was seen (said either way). */
public record Verdict(boolean holds, String seen) {

    public static Verdict of(boolean holds, String seen) {
        return new Verdict(holds, seen);
    }
}
