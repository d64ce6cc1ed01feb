package io.conclave.cli;

import io.conclave.admin.AdminClient;
import io.conclave.json.Json;
import io.conclave.shell.OutputFormat;
import io.conclave.shell.Table;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * A one-shot question to running peers through their admin endpoints, without joining the cluster: one row
 * per endpoint, like {@code etcdctl endpoint status}. Every endpoint is asked for {@code /status} (who it is,
 * whom it follows) and for the command's own path, all at once.
 * <p>
 * Exit codes: 0 every endpoint answered and all name the same leader; 1 the peers that answered disagree on
 * the leader (two leaders, or some see none); 2 bad input; 3 no endpoint answered; 4 some endpoints did not
 * answer, the others agree.
 */
abstract class AdminQueryCommand implements Callable<Integer> {

    static final String EXIT_CODES = "Exit codes: 0 every endpoint answered and all name the same leader, 1 the peers disagree"
            + " on the leader, 2 bad input, 3 no endpoint answered, 4 some did not answer (the others agree).";
    static final int DISAGREE = 1;
    static final int NONE_ANSWERED = 3;
    static final int SOME_UNANSWERED = 4;

    @Mixin
    AdminTargets targets;

    @Mixin
    OutputFormat output;

    @Spec
    CommandSpec spec;

    /** What one endpoint said: its /status and the answer to this command's path, or why it said nothing. */
    record Reply(String endpoint, Map<String, Object> status, Object answer, String error) {
        boolean answered() {
            return error == null;
        }
    }

    /** The command's own path, e.g. "/leader"; "/status" for the status command. */
    abstract String path();

    abstract String[] header();

    /** The table row for one endpoint that answered. */
    abstract Object[] row(Map<String, Object> status, Object answer);

    @Override
    public Integer call() {
        List<AdminClient> clients = targets.clients();
        List<CompletableFuture<Reply>> asked = clients.stream().map(c -> CompletableFuture.supplyAsync(() -> ask(c))).toList();
        List<Reply> replies = asked.stream().map(CompletableFuture::join).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.write(replies.stream().map(AdminQueryCommand::json).toList()));
        } else {
            out.println(table(replies));
        }
        out.flush();
        return verdict(replies, spec.commandLine().getErr());
    }

    private Reply ask(AdminClient client) {
        String endpoint = client.address().toString();
        try {
            AdminClient.Answer status = client.get("/status", targets.timeout);
            if (status.status() != 200) {
                return new Reply(endpoint, null, null, refusal(status));
            }
            Map<String, Object> statusJson = Json.parseObject(status.body());
            if (path().equals("/status")) {
                return new Reply(endpoint, statusJson, statusJson, null);
            }
            AdminClient.Answer answer = client.get(path(), targets.timeout);
            // /leader answers 503 on a peer that does not lead: still an answer, with who does
            if (answer.status() != 200 && answer.status() != 503) {
                return new Reply(endpoint, statusJson, null, refusal(answer));
            }
            return new Reply(endpoint, statusJson, Json.parse(answer.body()), null);
        } catch (IOException e) {
            return new Reply(endpoint, null, null, "no answer (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        } catch (IllegalArgumentException e) {
            return new Reply(endpoint, null, null, "not an admin endpoint: " + e.getMessage());
        }
    }

    private static String refusal(AdminClient.Answer answer) {
        if (answer.status() == 401) {
            return "401: the endpoint needs its token (--admin-token FILE)";
        }
        try {
            return answer.status() + ": " + Json.parseObject(answer.body()).get("error");
        } catch (IllegalArgumentException e) {
            return "HTTP " + answer.status();
        }
    }

    private String table(List<Reply> replies) {
        List<String> header = new ArrayList<>(List.of("ENDPOINT"));
        header.addAll(List.of(header()));
        Table table = new Table(header.toArray(String[]::new));
        for (Reply reply : replies) {
            List<Object> cells = new ArrayList<>(List.of(reply.endpoint()));
            if (reply.answered()) {
                cells.addAll(Arrays.asList(row(reply.status(), reply.answer())));
            } else {
                cells.add("error: " + reply.error());
            }
            table.row(cells.toArray());
        }
        return table.toString();
    }

    private static Object json(Reply reply) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("endpoint", reply.endpoint());
        if (reply.answered()) {
            m.put("peer", reply.status().get("peer"));
            m.put("answer", reply.answer());
        } else {
            m.put("error", reply.error());
        }
        return m;
    }

    /** The exit code, with one line on stderr saying what is wrong when it is not 0. */
    static int verdict(List<Reply> replies, PrintWriter err) {
        List<Reply> answered = replies.stream().filter(Reply::answered).toList();
        if (answered.isEmpty()) {
            err.println("no admin endpoint answered");
            err.flush();
            return NONE_ANSWERED;
        }
        Set<Object> leaders = new LinkedHashSet<>();
        answered.forEach(r -> leaders.add(r.status().get("leader")));
        if (leaders.size() > 1) {
            Map<String, List<Object>> byLeader = new LinkedHashMap<>();
            answered.forEach(r -> byLeader.computeIfAbsent(Objects.toString(r.status().get("leader"), "none"),
                    k -> new ArrayList<>()).add(r.status().get("peer")));
            err.println("peers disagree on the leader: " + byLeader.entrySet().stream()
                    .map(e -> e.getKey() + " (seen by " + join(e.getValue()) + ")").collect(Collectors.joining(", ")));
            err.flush();
            return DISAGREE;
        }
        if (answered.size() < replies.size()) {
            err.println((replies.size() - answered.size()) + " of " + replies.size() + " admin endpoints did not answer");
            err.flush();
            return SOME_UNANSWERED;
        }
        return 0;
    }

    static String join(Object list) {
        return list instanceof List<?> items ? String.join(",", items.stream().map(String::valueOf).toList()) : String.valueOf(list);
    }
}
