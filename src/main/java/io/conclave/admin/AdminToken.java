package io.conclave.admin;

import io.conclave.election.ConclaveException;
import io.conclave.security.ClusterSecret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The bearer token an admin endpoint requires: the first non-empty line of a file only its owner can read
 * (like the cluster secret). Clients send {@code Authorization: Bearer TOKEN}.
 */
public final class AdminToken {

    private final byte[] token;

    private AdminToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** @param option how the user named the file ("PeerConfig.adminTokenFile", "--admin-token"), for messages */
    public static AdminToken load(Path file, String option) {
        return new AdminToken(read(file, option));
    }

    /** The token in {@code file}, checked like {@link #load}; clients use it to build their header. */
    public static String read(Path file, String option) {
        String where = "admin token file " + file + " (" + option + ")";
        if (!Files.isRegularFile(file)) {
            throw new ConclaveException(where + " not found or not a regular file; create one, e.g."
                    + " (umask 077; head -c 32 /dev/urandom | base64 > " + file + ")");
        }
        ClusterSecret.requireOwnerOnly(file, where);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConclaveException("cannot read " + where + ": " + e.getMessage());
        }
        String line = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst()
                .orElseThrow(() -> new ConclaveException(where + " is empty; put the token on its first line"));
        if (line.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new ConclaveException(where + ": the token must be printable ASCII without spaces");
        }
        return line;
    }

    /** True if the request's Authorization header carries this token (compared in constant time). */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] offered = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, offered);
    }
}
