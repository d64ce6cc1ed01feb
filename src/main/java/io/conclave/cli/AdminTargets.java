package io.conclave.cli;

import io.conclave.admin.AdminAddress;
import io.conclave.admin.AdminClient;
import io.conclave.admin.AdminToken;
import io.conclave.shell.DurationConverter;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The admin endpoints a one-shot command asks ({@code --admin}, {@code --admin-token}, {@code --timeout}). */
final class AdminTargets {

    @Option(names = "--admin", required = true, split = ",", paramLabel = "HOST:PORT",
            description = "The peers' admin endpoints (started with 'conclave peer --admin'), comma-separated; PORT alone means 127.0.0.1.")
    List<String> endpoints;

    @Option(names = "--admin-token", paramLabel = "FILE", description = "The bearer token file the endpoints require (off loopback).")
    Path tokenFile;

    @Option(names = "--timeout", defaultValue = "3s", converter = DurationConverter.class,
            description = "How long to wait for each endpoint (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** One client per endpoint, in the order given; bad addresses and token files are one clear line. */
    List<AdminClient> clients() {
        String token = tokenFile == null ? null : AdminToken.read(tokenFile, "--admin-token");
        return endpoints.stream().map(e -> new AdminClient(AdminAddress.parse(e, "--admin"), token, timeout)).toList();
    }
}
