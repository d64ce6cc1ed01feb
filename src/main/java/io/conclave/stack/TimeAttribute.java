package io.conclave.stack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JGroups time attribute as a stack file writes it: "1500", "1500ms", "2s", "1m". */
public final class TimeAttribute {

    private static final Pattern VALUE = Pattern.compile("\\s*(\\d+)\\s*(ms|s|m)?\\s*");

    private TimeAttribute() {
    }

    /** {@code value} in milliseconds; {@code absent} if there is none; null for a placeholder or another form. */
    public static Long millis(String value, long absent) {
        if (value == null) {
            return absent;
        }
        Matcher m = VALUE.matcher(value);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            default -> n;
        };
    }
}
