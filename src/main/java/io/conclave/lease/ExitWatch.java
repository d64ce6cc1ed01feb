package io.conclave.lease;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Tells a crashed holder from a cut-off one, so that a crash is replaced at once while a cut waits out the
 * lease. Every peer listens on a TCP port of its own; a member that granted a holder keeps one connection
 * open to the holder's port and never writes on it. When the holder's process ends, however it ends (kill -9
 * included), its kernel closes the connection in order and the member reads end-of-stream: proof that the
 * holder can no longer act, so the member's promise may end early. A cut, a pause or a firewall gives
 * silence, a timeout or a reset instead, never an orderly end-of-stream, and the promise runs its course.
 * <p>
 * What it trusts: that only the holder's own kernel ends the stream in order. Whoever can inject a FIN into
 * the connection (someone on the path who can see its sequence numbers) can shorten a promise; on such a
 * network turn it off ({@code LEASE trust_process_exit="false"}) and crash failover takes up to one lease.
 */
final class ExitWatch implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(ExitWatch.class);
    private static final int CONNECT_TIMEOUT_MS = 1_000;

    private final long incarnation;
    private final ServerSocket server;
    private final Set<Socket> accepted = ConcurrentHashMap.newKeySet();
    private final Set<Socket> watching = ConcurrentHashMap.newKeySet();
    private final Set<Holder> watched = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ExitWatch(long incarnation, ServerSocket server, String peer) {
        this.incarnation = incarnation;
        this.server = server;
        Thread acceptor = new Thread(this::accept, "conclave-exit-watch-" + peer);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static ExitWatch open(long incarnation, InetAddress bindAddress, String peer) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(bindAddress, 0), 50);
        return new ExitWatch(incarnation, server, peer);
    }

    String host() {
        return server.getInetAddress().getHostAddress();
    }

    int port() {
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
     * Watches {@code holder}'s process through its port at {@code host}; calls {@code onExit} once if the
     * process ends. Watching the same holder again is a no-op.
     */
    void watch(Holder holder, String host, int port, Consumer<Holder> onExit) {
        if (closed || port <= 0 || host.isEmpty() || !watched.add(holder)) {
            return;
        }
        Thread reader = new Thread(() -> follow(holder, host, port, onExit), "conclave-exit-watch-of-" + holder.name());
        reader.setDaemon(true);
        reader.start();
    }

    private void follow(Holder holder, String host, int port, Consumer<Holder> onExit) {
        try (Socket socket = new Socket()) {
            watching.add(socket);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            if (in.readLong() != holder.incarnation()) {
                return; // another process has that port now: it proves nothing about the holder
            }
            InputStream stream = socket.getInputStream();
            while (stream.read() != -1) {
                // the holder never writes after its incarnation; ignore anything else
            }
            if (!closed) {
                LOG.debug("exit watch: {} ended its process", holder.name());
                onExit.accept(holder);
            }
        } catch (SocketException e) {
            LOG.debug("exit watch of {}: {} (proves nothing)", holder.name(), e.getMessage());
        } catch (IOException e) {
            LOG.debug("exit watch of {} failed (proves nothing)", holder.name(), e);
        } finally {
            watching.removeIf(Socket::isClosed);
            watched.remove(holder);
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
