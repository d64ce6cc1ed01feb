package io.conclave.exit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Tells a crashed process from a cut-off one. Every peer listens on a TCP port of its own; a peer that watches
 * another keeps one connection open to the other's port and never writes on it. When the watched process ends,
 * however it ends (kill -9 included), its kernel closes the connection in order and the watcher reads
 * end-of-stream: proof that the process can no longer act. A cut, a pause or a firewall gives silence, a
 * timeout or a reset instead, never an orderly end-of-stream, and proves nothing.
 * <p>
 * Two users: LEASE ends a promise to a crashed holder early, so a crash is replaced at once while a cut waits
 * out the lease; FD_EXIT excludes a crashed member without waiting for a suspicion to be verified.
 * <p>
 * What it trusts: that only the watched process's own kernel ends the stream in order. Whoever can inject a
 * FIN into the connection (someone on the path who can see its sequence numbers) can fake an exit; on such a
 * network turn the users off ({@code LEASE trust_process_exit="false"}, no FD_EXIT in the stack).
 *
 * @param <K> what the watcher calls a watched process (a lease holder, a member's address)
 */
public final class ExitWatch<K> implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(ExitWatch.class);
    private static final int CONNECT_TIMEOUT_MS = 1_000;

    private final long incarnation;
    private final ServerSocket server;
    private final Set<Socket> accepted = ConcurrentHashMap.newKeySet();
    private final Set<Socket> watching = ConcurrentHashMap.newKeySet();
    private final Set<K> watched = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ExitWatch(long incarnation, ServerSocket server, String peer) {
        this.incarnation = incarnation;
        this.server = server;
        Thread acceptor = new Thread(this::accept, "conclave-exit-watch-" + peer);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Listens on a free port of {@code bindAddress} (every address if null) for watchers of this process.
     *
     * @param incarnation this process's number, sent to every watcher so it can tell a successor on the port
     */
    public static <K> ExitWatch<K> open(long incarnation, InetAddress bindAddress, String peer) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(bindAddress, 0), 50);
        return new ExitWatch<>(incarnation, server, peer);
    }

    /** A fresh incarnation number for this process: what its watchers check, and its lease holder's number. */
    public static long newIncarnation() {
        return new SecureRandom().nextLong();
    }

    public String host() {
        return server.getInetAddress().getHostAddress();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                accepted.add(socket);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeLong(incarnation); // the watcher checks it is watching this process
                out.flush();
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("exit watch: accept failed", e);
                }
            }
        }
    }

    /**
     * Watches the process {@code key} through its port at {@code host}; calls {@code onExit} once if the
     * process ends. Watching the same key again while it is watched is a no-op.
     *
     * @param name        the watched process's name, for logs and the thread
     * @param incarnation the number the watched process announced; another number on the port proves nothing
     */
    public void watch(K key, String name, long incarnation, String host, int port, Consumer<K> onExit) {
        if (closed || port <= 0 || host.isEmpty() || !watched.add(key)) {
            return;
        }
        Thread reader = new Thread(() -> follow(key, name, incarnation, host, port, onExit), "conclave-exit-watch-of-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void follow(K key, String name, long incarnation, String host, int port, Consumer<K> onExit) {
        try (Socket socket = new Socket()) {
            watching.add(socket);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            if (in.readLong() != incarnation) {
                return; // another process has that port now: it proves nothing about this one
            }
            InputStream stream = socket.getInputStream();
            while (stream.read() != -1) {
                // the watched process never writes after its incarnation; ignore anything else
            }
            if (!closed) {
                LOG.debug("exit watch: {} ended its process", name);
                onExit.accept(key);
            }
        } catch (SocketException e) {
            LOG.debug("exit watch of {}: {} (proves nothing)", name, e.getMessage());
        } catch (IOException e) {
            LOG.debug("exit watch of {} failed (proves nothing)", name, e);
        } finally {
            watching.removeIf(Socket::isClosed);
            watched.remove(key);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : accepted) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        for (Socket socket : watching) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
