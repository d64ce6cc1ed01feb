package io.conclave.cli;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Sends every library log line to a file, so nothing but the shell writes to the terminal. */
final class LogSetup {

    private LogSetup() {
    }

    static void toFile(Path file) {
        System.setProperty("conclave.log.file", file.toAbsolutePath().toString());
        // JLine logs through java.util.logging, whose default handler writes to stderr.
        Logger.getLogger("org.jline").setLevel(Level.OFF);
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.reconfigure();
    }

    /** After the channel has left: log4j's own shutdown hook is disabled so the leave itself gets logged. */
    static void shutdown() {
        LogManager.shutdown();
    }
}
