package io.conclave.script;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * An await or expect line, parsed: what it expects (in words, for the failure message), the condition, and
 * how long to wait for it (zero for an expect, which looks once).
 */
public record Check(String expected, Supplier<Verdict> condition, Duration timeout) {

    public boolean waits() {
        return !timeout.isZero();
    }
}
