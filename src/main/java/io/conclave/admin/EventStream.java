package io.conclave.admin;

import com.sun.net.httpserver.HttpExchange;
import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionListener;
import io.conclave.election.Peer;
import io.conclave.json.Json;
import io.conclave.json.PeerJson;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /events}: the peer's events as Server-Sent Events, one {@code data:} line of the README's JSON
 * per event, from the moment the client connects. A comment line every few seconds shows a dead client up
 * (the write fails) and keeps proxies from closing an idle stream. A client too slow to keep up with
 * {@value #BACKLOG} events is cut off rather than holding memory.
 */
final class EventStream {

    static final int BACKLOG = 1000;
    private static final long KEEPALIVE_SECONDS = 5;
    /** Put in the queue when the client must go: it fell behind, or the endpoint closes. Never sent: told apart by identity. */
    private static final ElectionEvent.Notice END = new ElectionEvent.Notice(java.time.Instant.EPOCH, "", ElectionEvent.Notice.Kind.WARNING, "");

    private EventStream() {
    }

    /** @param open the count of clients following now, kept up to date for the metrics */
    static void serve(HttpExchange exchange, Peer peer, AtomicInteger open) throws IOException {
        BlockingQueue<ElectionEvent> queue = new ArrayBlockingQueue<>(BACKLOG + 1);
        ElectionListener listener = new ElectionListener() {
            @Override
            public void onEvent(ElectionEvent event) {
                if (queue.remainingCapacity() <= 1 || !queue.offer(event)) {
                    queue.clear();
                    queue.offer(END);
                }
            }
        };
        // subscribed before the headers go out: a client that has the 200 misses no later event
        peer.addListener(listener);
        open.incrementAndGet();
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            write(out, ": events of peer " + peer.name() + "\n\n");
            while (true) {
                ElectionEvent event = queue.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                if (event == END) {
                    write(out, ": too slow, disconnected after " + BACKLOG + " unsent events\n\n");
                    return;
                }
                write(out, event == null ? ": keepalive\n\n" : "data: " + Json.write(PeerJson.event(event)) + "\n\n");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away, or the endpoint closed its connection
        } finally {
            peer.removeListener(listener);
            open.decrementAndGet();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
