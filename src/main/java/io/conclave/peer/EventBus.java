package io.conclave.peer;

import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Delivers events to listeners in order on one thread per peer, so a slow listener (a terminal, a file)
 * never holds up a JGroups thread.
 */
final class EventBus implements AutoCloseable {

    private final List<ElectionListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;

    EventBus(String peerName) {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "conclave-events-" + peerName);
            t.setDaemon(true);
            return t;
        });
    }

    void add(ElectionListener listener) {
        listeners.add(listener);
    }

    void remove(ElectionListener listener) {
        listeners.remove(listener);
    }

    void publish(ElectionEvent event) {
        if (executor.isShutdown()) {
            return;
        }
        executor.execute(() -> {
            for (ElectionListener listener : listeners) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    org.apache.logging.log4j.LogManager.getLogger(EventBus.class)
                            .warn("listener failed on {}", event, e);
                }
            }
        });
    }

    /** Delivers what is queued, then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
