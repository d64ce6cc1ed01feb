package io.conclave.cli;

import picocli.CommandLine;

import java.time.Duration;

/** Durations as people write them: 500ms, 3s, 2m. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; write it like 500ms, 3s or 2m");
    }
}
