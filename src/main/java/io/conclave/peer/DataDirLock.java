package io.conclave.peer;

import io.conclave.election.ConclaveException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a peer's data directory, held for the peer's life. The jgroups-raft 1.1.4 log has no
 * lock of its own, so two peers on one directory would silently corrupt each other's log; in coordinator
 * mode they would mix their history files. The operating system drops the lock when the process dies, so a
 * peer killed with kill -9 never leaves a stale lock behind.
 */
final class DataDirLock implements AutoCloseable {

    static final String FILE_NAME = "conclave.lock";

    private final FileChannel file;
    private final FileLock lock;

    private DataDirLock(FileChannel file, FileLock lock) {
        this.file = file;
        this.lock = lock;
    }

    /** Locks {@code dir} for {@code peerName}, or explains who holds it. */
    static DataDirLock acquire(Path dir, String peerName) {
        Path path = dir.resolve(FILE_NAME);
        FileChannel file;
        try {
            file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ConclaveException("cannot open lock file " + path + " (PeerConfig.dataDir): " + e.getMessage());
        }
        FileLock lock;
        try {
            lock = file.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // another peer in this JVM holds it
        } catch (IOException e) {
            close(file);
            throw new ConclaveException("cannot lock " + path + " (PeerConfig.dataDir): " + e.getMessage());
        }
        if (lock == null) {
            close(file);
            throw new ConclaveException("data directory " + dir + " is in use by another running peer"
                    + holder(path) + "; two peers must never share one (PeerConfig.dataDir): give each peer its own directory, or stop the other peer");
        }
        DataDirLock held = new DataDirLock(file, lock);
        held.describe(peerName);
        return held;
    }

    /** Writes who holds the lock, so the next peer refused can say it; the lock does not depend on it. */
    private void describe(String peerName) {
        String owner = "peer " + peerName + ", pid " + ProcessHandle.current().pid() + "\n";
        try {
            file.truncate(0);
            file.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException ignored) {
            // only informative
        }
    }

    private static String holder(Path path) {
        try {
            String owner = Files.readString(path, StandardCharsets.UTF_8).strip();
            return owner.isEmpty() ? "" : " (" + owner + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it anyway
        }
        close(file);
    }

    private static void close(FileChannel file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
