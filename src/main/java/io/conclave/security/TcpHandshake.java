package io.conclave.security;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Mutual proof of the cluster secret on a fresh TCP connection, before JGroups reads the address the other
 * end announces (TcpConnection trusts that address and files the connection under it, so without this a
 * stranger could take over a member's connection entry and blackhole its traffic).
 * <pre>
 *   client -> server   "CTA1" | client nonce (16)
 *   server -> client   server nonce (16) | HMAC(k, "server" | client nonce | server nonce)
 *   client -> server   HMAC(k, "client" | client nonce | server nonce)
 * </pre>
 * with k = HKDF-SHA256(secret, "conclave tcp handshake v1"). Fresh nonces on both sides make a recorded
 * handshake useless, and the two labels stop one side's proof from being reflected as the other's. It
 * authenticates the connection's start only: an attacker on the path who can inject into an established
 * TCP stream is not stopped by it (the messages are still sealed by SEAL; it could only disturb them).
 */
final class TcpHandshake {

    static final byte[] MAGIC = {'C', 'T', 'A', '1'};
    static final int NONCE_LENGTH = 16;
    static final int MAC_LENGTH = 32;
    /** How long either side waits for the other's part: a silent stranger holds an accept for this long at most. */
    static final int TIMEOUT_MILLIS = 2_000;

    private final byte[] key;
    private final SecureRandom random = new SecureRandom();

    TcpHandshake(ClusterSecret secret) {
        this.key = secret.derive("conclave tcp handshake v1", new byte[0], 32);
    }

    /** Proves the secret to the server and checks its proof; throws if the server does not hold the secret. */
    void asClient(Socket socket) throws IOException {
        withTimeout(socket, () -> {
            byte[] clientNonce = nonce();
            OutputStream out = socket.getOutputStream();
            out.write(concat(MAGIC, clientNonce));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] serverNonce = read(in, NONCE_LENGTH);
            byte[] serverProof = read(in, MAC_LENGTH);
            if (!MessageDigest.isEqual(serverProof, mac("server", clientNonce, serverNonce))) {
                throw new IOException("the server did not prove the cluster secret");
            }
            out.write(mac("client", clientNonce, serverNonce));
            out.flush();
        });
    }

    /** Checks the client's proof of the secret, giving ours; throws with the reason if it has none. */
    void asServer(Socket socket) throws IOException {
        withTimeout(socket, () -> {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] magic = read(in, MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException("it does not start the cluster's handshake");
            }
            byte[] clientNonce = read(in, NONCE_LENGTH);
            byte[] serverNonce = nonce();
            OutputStream out = socket.getOutputStream();
            out.write(concat(serverNonce, mac("server", clientNonce, serverNonce)));
            out.flush();
            if (!MessageDigest.isEqual(read(in, MAC_LENGTH), mac("client", clientNonce, serverNonce))) {
                throw new IOException("it failed the handshake (a different secret, or none)");
            }
        });
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void withTimeout(Socket socket, Step step) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout(TIMEOUT_MILLIS);
        try {
            step.run();
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(before);
            }
        }
    }

    private static byte[] read(DataInputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private byte[] nonce() {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        return nonce;
    }

    private byte[] mac(String label, byte[] clientNonce, byte[] serverNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            mac.update(clientNonce);
            return mac.doFinal(serverNonce);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
