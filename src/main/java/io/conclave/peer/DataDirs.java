package io.conclave.peer;

import io.conclave.election.ConclaveException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a directory (or file) a peer writes to, so a bad --data-dir is one clear line and never half-written data. */
public final class DataDirs {

    private DataDirs() {
    }

    /** Creates {@code dir} if needed and proves it can be written; {@code option} names the setting (a flag, a PeerConfig field) in messages. */
    public static void prepare(Path dir, String option) {
        prepare(dir, "data directory", option);
    }

    /** Like {@link #prepare(Path, String)}, for a directory the messages call {@code what}, e.g. "log directory". */
    public static void prepare(Path dir, String what, String option) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ConclaveException(what + " " + dir + " (" + option + ") is a file, not a directory; choose another path");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new ConclaveException("cannot create " + what + " " + dir + " (" + option + "): " + reason(e)
                    + "; choose a directory this user can write");
        }
        if (!Files.isReadable(dir)) {
            throw new ConclaveException(what + " " + dir + " is not readable (" + option + "); fix its permissions or choose another");
        }
        // Files.isWritable trusts the permission bits; only a real write shows a read-only file system or an ACL.
        try {
            Path probe = Files.createTempFile(dir, ".conclave-write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new ConclaveException(what + " " + dir + " is not writable (" + option + "): " + reason(e)
                    + "; fix its permissions or choose another");
        }
    }

    /**
     * Checks that {@code file} (a log, a record) can be created or overwritten: it is not a directory, and its
     * directory can be written; {@code what} names it in messages, e.g. "log file".
     */
    public static void prepareFile(Path file, String what, String option) {
        if (Files.isDirectory(file)) {
            throw new ConclaveException(what + " " + file + " (" + option + ") is a directory; name a file in it");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            prepare(dir, "directory", option);
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + " is a file, not a directory";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
