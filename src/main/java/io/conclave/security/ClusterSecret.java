package io.conclave.security;

import io.conclave.election.ConclaveException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * The secret a cluster shares: 32 random bytes, kept in a small text file made by {@code conclave keygen}.
 * Every key Conclave uses is derived from it with HKDF-SHA256, each for one purpose, so the file itself is
 * never used as a key directly. The secret never appears in a command line, a system property or a log:
 * peers are given the <em>path</em> of the file.
 */
public final class ClusterSecret {

    /** First word of the secret line; a later format gets a new tag. */
    static final String TAG = "conclave-secret-v1";
    public static final int LENGTH = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] bytes;

    private ClusterSecret(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public static ClusterSecret generate() {
        byte[] bytes = new byte[LENGTH];
        new SecureRandom().nextBytes(bytes);
        return new ClusterSecret(bytes);
    }

    /** For tests and embedders that keep the secret elsewhere; {@code bytes} must be 32 random bytes. */
    public static ClusterSecret of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a cluster secret has " + LENGTH + " bytes, not " + bytes.length);
        }
        return new ClusterSecret(bytes);
    }

    /** HKDF-SHA256 (RFC 5869) of this secret: a key for one purpose ({@code info}), bound to {@code salt}. */
    public byte[] derive(String info, byte[] salt, int length) {
        return hkdf(bytes, salt, info.getBytes(StandardCharsets.UTF_8), length);
    }

    /** A short public fingerprint: peers compare it to tell "a different secret" from "a forged message". */
    public byte[] keyId() {
        return derive("conclave key id", new byte[0], 8);
    }

    public String fingerprint() {
        return HexFormat.of().formatHex(keyId());
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "ClusterSecret[" + fingerprint() + "]";
    }

    /**
     * Writes a new secret to {@code file}, readable and writable by its owner only. Refuses to replace an
     * existing file unless {@code force}: overwriting a cluster's secret locks every peer that has the old one out.
     */
    public static ClusterSecret writeNew(Path file, boolean force) {
        ClusterSecret secret = generate();
        String text = "# Conclave cluster secret (made by 'conclave keygen'). Every peer of the cluster needs this file:\n"
                + "# start peers with --secret FILE or CONCLAVE_SECRET=FILE. Copy it over a secure channel; keep it private.\n"
                + TAG + " " + Base64.getEncoder().encodeToString(secret.bytes) + "\n";
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new ConclaveException("cannot write secret file " + file + ": " + dir
                    + (Files.exists(dir) ? " is a file, not a directory" : " does not exist") + "; create the directory first");
        }
        if (Files.exists(absolute, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new ConclaveException("secret file " + file + " already exists; replacing it locks out every peer that uses it."
                    + " Choose another file, or use --force to replace it");
        }
        Path temp = null;
        try {
            temp = createOwnerOnly(dir == null ? Path.of(".") : dir);
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            if (force) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                // A hard link fails if the name exists, so a file created meanwhile is never replaced.
                Files.createLink(absolute, temp);
                Files.delete(temp);
            }
            temp = null;
        } catch (FileAlreadyExistsException e) {
            throw new ConclaveException("secret file " + file + " already exists; choose another file, or use --force to replace it");
        } catch (AccessDeniedException e) {
            throw new ConclaveException("cannot write secret file " + file + ": permission denied");
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConclaveException("cannot write secret file " + file + ": " + e.getMessage());
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
        return secret;
    }

    private static Path createOwnerOnly(Path dir) throws IOException {
        try {
            return Files.createTempFile(dir, ".conclave-secret", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the file inherits the directory's access control.
            return Files.createTempFile(dir, ".conclave-secret", ".tmp");
        }
    }

    /**
     * Reads a secret file, refusing one that others can read (like ssh does with private keys).
     *
     * @param option how the user named the file ("PeerConfig.secretFile", "--secret", "CONCLAVE_SECRET"), for messages
     */
    public static ClusterSecret load(Path file, String option) {
        String where = "secret file " + file + " (" + option + ")";
        if (!Files.exists(file)) {
            throw new ConclaveException(where + " not found; create one with 'conclave keygen " + file
                    + "' and copy the same file to every peer");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConclaveException(where + " is not a regular file; give the file made by 'conclave keygen'");
        }
        requireOwnerOnly(file, where);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new ConclaveException(where + " not found");
        } catch (AccessDeniedException e) {
            throw new ConclaveException(where + " is not readable by this user; fix its owner or permissions (chmod 600)");
        } catch (IOException e) {
            throw new ConclaveException("cannot read " + where + ": " + e.getMessage());
        }
        return parse(text, where);
    }

    /**
     * Refuses a file that other users can read or write (like ssh does with private keys); used for every
     * file that holds a secret.
     *
     * @param where how to name the file in the message
     */
    public static void requireOwnerOnly(Path file, String where) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> others = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
            if (permissions.stream().anyMatch(others::contains)) {
                throw new ConclaveException(where + " is accessible by other users (permissions "
                        + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // No POSIX permissions to check (Windows) or unreadable attributes: reading will tell.
        }
    }

    static ClusterSecret parse(String text, String where) {
        String line = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst().orElse("");
        String[] words = line.split("\\s+");
        if (words.length != 2 || !words[0].equals(TAG)) {
            throw new ConclaveException(where + " is not a Conclave secret (expected a file made by 'conclave keygen')");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(words[1]);
        } catch (IllegalArgumentException e) {
            throw new ConclaveException(where + " is damaged (the secret is not valid base64); copy it again from a peer that works");
        }
        if (bytes.length != LENGTH) {
            throw new ConclaveException(where + " is damaged (the secret has " + bytes.length + " bytes, expected " + LENGTH
                    + "); copy it again from a peer that works");
        }
        ClusterSecret secret = new ClusterSecret(bytes);
        Arrays.fill(bytes, (byte) 0);
        return secret;
    }

    static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] block = new byte[0];
            int done = 0;
            for (int i = 1; done < length; i++) {
                mac.update(block);
                mac.update(info);
                mac.update((byte) i);
                block = mac.doFinal();
                int n = Math.min(block.length, length - done);
                System.arraycopy(block, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
