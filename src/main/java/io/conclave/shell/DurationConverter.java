package io.conclave.shell;

import io.conclave.election.ConclaveException;
import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;

/** Durations as people write them: 500ms, 3s, 2m; the same forms as in scripts. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value.strip().toLowerCase(Locale.ROOT));
        } catch (ConclaveException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
