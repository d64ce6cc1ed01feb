package io.conclave.support;

import io.conclave.Conclave;
import io.conclave.election.ConclaveException;
import io.conclave.election.ElectionEvent;
import io.conclave.election.ElectionListener;
import io.conclave.election.Peer;
import io.conclave.election.PeerConfig;
import io.conclave.election.RaftStatus;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A peer in a JVM of its own, so a test can kill it with SIGKILL (see {@link PeerProcessHandle}). It speaks a
 * line protocol: it prints {@code STARTED term=N}, {@code LEADER term=N leader=X} on every leader change, and
 * answers {@code status} and {@code verify k=v k=v ...} (a check of its own copy of the store) on stdin.
 */
public final class PeerProcess {

    private PeerProcess() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        PeerConfig config = PeerConfig.builder().stack(options.get("stack")).cluster(options.get("cluster"))
                .name(options.get("name")).bindAddr("127.0.0.1").dataDir(Path.of(options.get("dataDir")))
                .members(List.of(options.get("members").split(",")))
                .settings(Map.of("jgroups.udp.mcast_port", options.get("mcastPort"))).build();
        Peer peer;
        try {
            peer = Conclave.join(config);
        } catch (ConclaveException e) {
            say("REFUSED " + e.getMessage());
            System.exit(2);
            return;
        }
        peer.addListener(new ElectionListener() {
            @Override
            public void onLeaderChanged(ElectionEvent.LeaderChanged event) {
                say("LEADER term=" + event.epoch() + " leader=" + event.newLeader());
            }
        });
        say("STARTED term=" + peer.raftStatus().orElseThrow().term());

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.strip().split(" ");
            switch (words[0]) {
                case "status" -> {
                    RaftStatus s = peer.raftStatus().orElseThrow();
                    say("STATUS term=" + s.term() + " leader=" + s.leader() + " role=" + s.role() + " commit=" + s.commitIndex());
                }
                case "verify" -> {
                    List<String> missing = new ArrayList<>();
                    for (int i = 1; i < words.length; i++) {
                        String[] kv = words[i].split("=", 2);
                        if (!peer.store().orElseThrow().get(kv[0], true, java.time.Duration.ofSeconds(1))
                                .map(kv[1]::equals).orElse(false)) {
                            missing.add(kv[0]);
                        }
                    }
                    say("VERIFIED missing=" + missing.size() + " " + String.join(",", missing.subList(0, Math.min(10, missing.size()))));
                }
                case "quit" -> {
                    peer.close();
                    say("BYE");
                    System.exit(0);
                }
                default -> say("UNKNOWN " + line);
            }
        }
        peer.close();
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
