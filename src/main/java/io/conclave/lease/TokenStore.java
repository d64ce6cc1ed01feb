package io.conclave.lease;

import io.conclave.election.ConclaveException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The highest fencing token this peer ever granted, kept in its data directory and written (with fsync)
 * before the grant leaves: a member that restarts must not grant a token it already gave someone else, or
 * two leaderships could share one.
 */
public final class TokenStore {

    static final String FILE = "lease-token";

    private final Path file;

    public TokenStore(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    public long load() {
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            throw new ConclaveException(file + ": cannot read the highest lease token granted (" + e.getMessage()
                    + "); it guards against reusing a fencing token. Restore the file, or delete it only if every"
                    + " peer of the cluster is stopped");
        }
    }

    public void save(long token) {
        Path temporary = file.resolveSibling(FILE + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.US_ASCII)));
            out.force(true);
        } catch (IOException e) {
            throw new ConclaveException("cannot write " + temporary + ": " + e.getMessage());
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ConclaveException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
