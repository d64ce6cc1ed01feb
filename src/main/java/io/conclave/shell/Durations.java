package io.conclave.shell;

import io.conclave.election.ConclaveException;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as scripts and options write them: {@code 500ms}, {@code 3s}, {@code 1.5s}, {@code 2m}, {@code 1h};
 * at most {@link #MAX} (a longer one is a typo, and would overflow the nanosecond clocks that wait on it).
 */
public final class Durations {

    /** The longest duration any command, script or option accepts. */
    public static final Duration MAX = Duration.ofHours(24);

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {
    }

    public static boolean looksLikeOne(String word) {
        return DURATION.matcher(word).matches();
    }

    public static Duration parse(String word) {
        Matcher m = DURATION.matcher(word);
        if (!m.matches()) {
            throw new ConclaveException("'" + word + "' is not a duration; write it like 500ms, 3s or 2m");
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
        };
        if (millis > MAX.toMillis()) {
            throw new ConclaveException("'" + word + "' is longer than " + MAX.toHours() + "h, the longest duration accepted");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    /** "1.2 s", "350 ms". */
    public static String format(Duration d) {
        long ms = d.toMillis();
        return ms < 1_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
