package io.conclave.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.conclave.election.ConclaveException;
import io.conclave.election.ElectionListener;
import io.conclave.election.Peer;
import io.conclave.election.PeerConfig;
import io.conclave.json.Json;
import io.conclave.json.PeerJson;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jgroups.ChannelListener;
import org.jgroups.JChannel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A peer's admin endpoint: HTTP on the JDK's server, read-only, for load balancers, monitoring and the
 * one-shot commands ({@code conclave status --admin ...}) that ask without joining. Bound before the peer
 * joins (so a port in use fails fast); answers once {@link #attach} gives it the peer, and closes itself
 * when the peer's channel closes.
 * <p>
 * Off loopback it needs a token; with one, every request must carry {@code Authorization: Bearer TOKEN}.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(AdminServer.class);

    private final HttpServer server;
    private final ExecutorService threads;
    private final AdminToken token;
    private final PeerMetrics metrics = new PeerMetrics();
    private volatile Peer peer;

    private AdminServer(HttpServer server, ExecutorService threads, AdminToken token) {
        this.server = server;
        this.threads = threads;
        this.token = token;
    }

    /**
     * Binds the endpoint {@code config} asks for ({@link PeerConfig#admin()}); it answers 503 until attached.
     *
     * @throws ConclaveException for a bad address, a port in use, a missing token off loopback, a bad token file
     */
    public static AdminServer bind(PeerConfig config) {
        AdminAddress address = AdminAddress.parse(config.admin(), "PeerConfig.admin");
        InetSocketAddress bind = address.socketAddress("PeerConfig.admin");
        if (config.adminTokenFile() == null && !bind.getAddress().isLoopbackAddress()) {
            throw new ConclaveException("PeerConfig.admin=" + address + " is reachable from other hosts: give PeerConfig.adminTokenFile=FILE"
                    + " (a file only you can read), or bind to loopback (PeerConfig.admin=" + address.port() + ")");
        }
        AdminToken token = config.adminTokenFile() == null ? null : AdminToken.load(config.adminTokenFile(), "PeerConfig.adminTokenFile");
        HttpServer server;
        try {
            server = HttpServer.create(bind, 16);
        } catch (BindException e) {
            throw new ConclaveException("PeerConfig.admin=" + address + ": cannot listen there (" + e.getMessage()
                    + "); is the port in use?");
        } catch (IOException e) {
            throw new ConclaveException("PeerConfig.admin=" + address + ": " + e.getMessage());
        }
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "conclave-admin-" + config.name());
            t.setDaemon(true);
            return t;
        });
        AdminServer admin = new AdminServer(server, threads, token);
        server.createContext("/", admin::handle);
        server.setExecutor(threads);
        server.start();
        return admin;
    }

    /** The listener to hand to the join, so the event counters count from the first view. */
    public ElectionListener listener() {
        return metrics;
    }

    /** Starts answering for {@code peer}; the endpoint closes when the peer's channel does. */
    public void attach(Peer peer) {
        metrics.attach(peer);
        this.peer = peer;
        PeerChannel.of(peer).ifPresent(channel -> channel.addChannelListener(new ChannelListener() {
            @Override
            public void channelClosed(JChannel closed) {
                close();
            }
        }));
        LOG.info("admin endpoint of {} on {}", peer.name(), address());
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                answer(exchange);
            } catch (RuntimeException e) {
                LOG.warn("admin request {} failed", exchange.getRequestURI(), e);
                if (exchange.getResponseCode() == -1) { // nothing sent yet: say so rather than drop the connection
                    json(exchange, 500, error("internal error: " + e));
                }
            }
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        if (token != null && !token.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"conclave\"");
            json(exchange, 401, error("this endpoint needs Authorization: Bearer TOKEN (the --admin-token file)"));
            return;
        }
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            json(exchange, 405, error("read-only endpoint: GET only"));
            return;
        }
        Peer current = peer;
        if (current == null) {
            json(exchange, 503, error("the peer is still joining"));
            return;
        }
        route(exchange, current, exchange.getRequestURI().getPath());
    }

    private void route(HttpExchange exchange, Peer peer, String path) throws IOException {
        switch (path) {
            case "/health" -> verdict(exchange, peer, Readiness.health(PeerChannel.connected(peer)));
            case "/ready" -> verdict(exchange, peer, Readiness.ready(peer, PeerChannel.connected(peer)));
            case "/leader" -> {
                Readiness leads = Readiness.leader(peer);
                Map<String, Object> body = new LinkedHashMap<>(PeerJson.leader(peer));
                body.put("is_leader", leads.ok());
                json(exchange, leads.ok() ? 200 : 503, body);
            }
            case "/status" -> json(exchange, 200, PeerJson.status(peer));
            case "/view" -> json(exchange, 200, PeerJson.view(peer));
            case "/members" -> json(exchange, 200, PeerJson.members(peer));
            case "/history" -> json(exchange, 200, peer.history().stream().map(PeerJson::event).toList());
            case "/merges" -> json(exchange, 200, peer.merges().stream().map(PeerJson::event).toList());
            case "/raft" -> {
                if (peer.raftStatus().isPresent()) {
                    json(exchange, 200, PeerJson.raft(peer.raftStatus().get()));
                } else {
                    json(exchange, 404, error("peer " + peer.name() + " is in " + peer.mode().label() + " mode, not raft"));
                }
            }
            case "/metrics" -> {
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                metrics.write(text);
                send(exchange, 200, metrics.contentType(), text.toByteArray());
            }
            case "/events" -> EventStream.serve(exchange, peer, metrics.eventStreams);
            default -> json(exchange, 404, error("no such endpoint: " + path + " (try /health, /ready, /leader, /status,"
                    + " /view, /members, /history, /merges, /raft, /metrics, /events)"));
        }
    }

    /** 200 or 503 with {"status":"ok"|"unavailable", "peer":..., "reason":...}. */
    private static void verdict(HttpExchange exchange, Peer peer, Readiness readiness) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", readiness.ok() ? "ok" : "unavailable");
        body.put("peer", peer.name());
        body.put("reason", readiness.reason());
        json(exchange, readiness.ok() ? 200 : 503, body);
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", (Json.write(body) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
