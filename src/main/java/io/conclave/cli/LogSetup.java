package io.conclave.cli;

import io.conclave.peer.DataDirs;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Sends every library log line to a file, so nothing but the shell writes to the terminal. */
final class LogSetup {

    private LogSetup() {
    }

    /**
     * Checks first that {@code file} can be written, so a bad path is one line naming {@code option} instead of
     * log4j's own complaints on the terminal.
     */
    static void toFile(Path file, String option) {
        DataDirs.prepareFile(file, "log file", option);
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
