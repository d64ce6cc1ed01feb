package io.conclave.cli;

import io.conclave.admin.AdminClient;
import io.conclave.json.Json;
import io.conclave.shell.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** {@code conclave watch --admin ...}: follows the peers' event streams (GET /events) without joining. */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Follow running peers' events through their admin endpoints (GET /events), without joining.",
                "Runs until interrupted, until --count events arrived, or until every stream has ended.",
                "Text prints one line per event; -o json the event JSON Lines the README documents.",
                "Exit codes: 0 at least one stream was followed, 2 bad input, 3 no endpoint answered."})
final class WatchCommand implements Callable<Integer> {

    @Mixin
    AdminTargets targets;

    @Mixin
    OutputFormat output;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events (default: never).")
    Integer count;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        List<AdminClient> clients = targets.clients();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch ended = new CountDownLatch(clients.size());
        CountDownLatch enough = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        AtomicInteger followed = new AtomicInteger();
        for (AdminClient client : clients) {
            Thread thread = new Thread(() -> {
                try {
                    int status = client.follow(followed::incrementAndGet, json -> {
                        // one lock for all streams: --count N prints exactly N events, whichever peers send them
                        synchronized (out) {
                            if (count != null && seen.get() >= count) {
                                return false;
                            }
                            out.println(output.json() ? json : text(json));
                            out.flush();
                            if (count != null && seen.incrementAndGet() >= count) {
                                enough.countDown();
                                return false;
                            }
                            return true;
                        }
                    });
                    if (status != 200) {
                        err.println(client.address() + ": HTTP " + status + (status == 401 ? " (the endpoint needs --admin-token FILE)" : ""));
                    }
                } catch (IOException e) {
                    err.println(client.address() + ": no answer (" + e.getMessage() + ")");
                } finally {
                    err.flush();
                    ended.countDown();
                }
            }, "watch-" + client.address());
            thread.setDaemon(true);
            thread.start();
        }
        Thread waitAll = new Thread(() -> {
            try {
                ended.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            enough.countDown();
        }, "watch-end");
        waitAll.setDaemon(true);
        waitAll.start();
        enough.await();
        if (followed.get() == 0 && seen.get() == 0) {
            err.println("no admin endpoint answered");
            err.flush();
            return AdminQueryCommand.NONE_ANSWERED;
        }
        return 0;
    }

    /** "10:00:02.415 A view view=A|4 members=[A, B, C] coordinator=A": time, peer, type, then the other fields. */
    private static String text(String json) {
        Map<String, Object> event = Json.parseObject(json);
        String ts = String.valueOf(event.remove("ts"));
        String clock = ts.length() >= 23 ? ts.substring(11, 23) : ts;
        return clock + " " + event.remove("peer") + " " + event.remove("type") + " " + event.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
