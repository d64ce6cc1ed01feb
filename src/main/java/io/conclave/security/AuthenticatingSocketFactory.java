package io.conclave.security;

import org.jgroups.util.DefaultSocketFactory;
import org.jgroups.util.Util;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.function.BiConsumer;

/**
 * The TCP transport's sockets on a sealed stack: every connection runs the {@link TcpHandshake} before JGroups
 * sees it, outgoing ones in {@code connect}, incoming ones in {@code accept}, which drops a connection that
 * fails it and goes on accepting. Datagram sockets are JGroups' own (SEAL covers what they carry).
 */
final class AuthenticatingSocketFactory extends DefaultSocketFactory {

    private final TcpHandshake handshake;
    private final BiConsumer<String, String> refused;

    /** @param refused told the remote host and the reason of every incoming connection that failed the handshake */
    AuthenticatingSocketFactory(TcpHandshake handshake, BiConsumer<String, String> refused) {
        this.handshake = handshake;
        this.refused = refused;
    }

    @Override
    public Socket createSocket(String service) {
        return new ClientSocket();
    }

    @Override
    public Socket createSocket(String service, String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String service, InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String service, String host, int port, InetAddress local, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(local, localPort));
    }

    @Override
    public Socket createSocket(String service, InetAddress host, int port, InetAddress local, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(local, localPort));
    }

    private Socket connected(SocketAddress remote, SocketAddress local) throws IOException {
        Socket socket = new ClientSocket();
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        } catch (IOException e) {
            Util.close(socket);
            throw e;
        }
    }

    @Override
    public ServerSocket createServerSocket(String service) throws IOException {
        return new AcceptingSocket();
    }

    @Override
    public ServerSocket createServerSocket(String service, int port) throws IOException {
        return createServerSocket(service, port, 50, null);
    }

    @Override
    public ServerSocket createServerSocket(String service, int port, int backlog) throws IOException {
        return createServerSocket(service, port, backlog, null);
    }

    @Override
    public ServerSocket createServerSocket(String service, int port, int backlog, InetAddress bind) throws IOException {
        ServerSocket socket = new AcceptingSocket();
        socket.bind(new InetSocketAddress(bind, port), backlog);
        return socket;
    }

    /** Proves the secret to the server it connects to. */
    private final class ClientSocket extends Socket {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            super.connect(endpoint, timeout);
            try {
                handshake.asClient(this);
            } catch (IOException e) {
                close();
                throw new IOException("connection to " + endpoint + " refused: " + e.getMessage(), e);
            }
        }
    }

    /** Hands JGroups only connections whose other end proved the secret. */
    private final class AcceptingSocket extends ServerSocket {
        AcceptingSocket() throws IOException {
        }

        @Override
        public Socket accept() throws IOException {
            while (true) {
                Socket socket = super.accept();
                try {
                    handshake.asServer(socket);
                    return socket;
                } catch (IOException e) {
                    String host = socket.getInetAddress() == null ? "?" : socket.getInetAddress().getHostAddress();
                    Util.close(socket);
                    refused.accept(host, e.getMessage() == null ? e.toString() : e.getMessage());
                }
            }
        }
    }
}
