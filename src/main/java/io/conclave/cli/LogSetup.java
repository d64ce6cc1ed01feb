package io.conclave.cli;

import io.conclave.peer.DataDirs;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Sends every library log line to a file, so nothing but the shell writes to the terminal. */
final class LogSetup {

    private static final String CONFIGURATION_PROPERTY = "log4j2.configurationFile";
    private static final String CONFIGURATION_VARIABLE = "LOG4J_CONFIGURATION_FILE";

    private LogSetup() {
    }

    /**
     * Points log4j at the CLI's own configuration, conclave-log4j2.xml, unless the user named one. The library
     * jar leaves a host's logging alone, so it is the CLI's job; called first thing in main, before any class
     * with a static logger is touched (log4j reads the property once, when the first logger is created).
     */
    static void useConclaveConfiguration() {
        if (System.getProperty(CONFIGURATION_PROPERTY) == null && System.getenv(CONFIGURATION_VARIABLE) == null) {
            System.setProperty(CONFIGURATION_PROPERTY, "conclave-log4j2.xml");
        }
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
