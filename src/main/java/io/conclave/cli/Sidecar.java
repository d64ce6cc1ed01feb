package io.conclave.cli;

import io.conclave.election.ConclaveException;
import io.conclave.election.LeaderWork;
import io.conclave.election.Peer;
import io.conclave.election.Tenure;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code conclave peer --while-leader CMD}: runs CMD through the shell while this peer leads, and only then.
 * It gets {@code CONCLAVE_PEER}, {@code CONCLAVE_CLUSTER}, {@code CONCLAVE_EPOCH} and {@code CONCLAVE_TOKEN};
 * its output goes to the log; it is stopped (SIGTERM to its whole process group, SIGKILL after {@link #grace})
 * when leadership ends or is about to, and started again at the next gain.
 * <p>
 * It never outlives the peer: CMD runs in a process group of its own under a small shell wrapper that holds
 * the read end of a pipe from this JVM. However the JVM ends (kill -9 and OOM included) the kernel closes the
 * pipe, the wrapper reads end-of-file and kills the group. What it cannot do: a paused JVM (GC, SIGSTOP)
 * cannot stop its child in time, which then runs on while another peer leads; the fencing token in
 * {@code CONCLAVE_EPOCH} is what the resource the child writes to must check.
 */
final class Sidecar implements LeaderWork {

    private static final Logger LOG = LogManager.getLogger("io.conclave.sidecar");

    /** $1 is the command. fd 3 keeps the pipe from the JVM: background jobs get /dev/null as stdin. */
    static final String WRAPPER = """
            exec 3<&0
            sh -c "$1" </dev/null &
            child=$!
            ( read -r _ <&3; kill -KILL -$$ ) &
            watcher=$!
            wait "$child"
            status=$?
            kill "$watcher" 2>/dev/null
            exit $status
            """;

    private final String command;
    private final Peer peer;
    /** Between SIGTERM and SIGKILL: within the quarter-lease left when the work is told to stop. */
    private final Duration grace;

    Sidecar(String command, Peer peer) {
        this.command = command;
        this.peer = peer;
        this.grace = peer.exclusiveLeadership() ? Duration.ofMillis(250) : Duration.ofSeconds(2);
    }

    @Override
    public void run(Tenure tenure) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("setsid", "sh", "-c", WRAPPER, "conclave-sidecar", command)
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("CONCLAVE_PEER", peer.name());
        env.put("CONCLAVE_CLUSTER", peer.cluster());
        env.put("CONCLAVE_EPOCH", String.valueOf(tenure.epoch()));
        env.put("CONCLAVE_TOKEN", tenure.token());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ConclaveException("--while-leader: cannot start '" + command + "' (needs sh and setsid): " + e.getMessage());
        }
        Thread output = new Thread(() -> log(process), "conclave-sidecar-output");
        output.setDaemon(true);
        output.start();
        LOG.info("{}: started '{}' as process group {} (epoch {})", peer.name(), command, process.pid(), tenure.epoch());
        try {
            while (!process.waitFor(10, TimeUnit.MILLISECONDS)) {
                if (!tenure.active()) {
                    stop(process);
                    throw new InterruptedException();
                }
            }
        } catch (InterruptedException e) {
            stop(process);
            throw e;
        }
        int status = process.exitValue();
        if (status != 0) {
            throw new IllegalStateException("'" + command + "' exited with status " + status);
        }
    }

    private void stop(Process process) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        signalGroup(process, "-TERM");
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            signalGroup(process, "-KILL");
            process.waitFor(1, TimeUnit.SECONDS);
        }
        LOG.info("{}: stopped '{}' (exit {})", peer.name(), command, process.isAlive() ? "?" : process.exitValue());
    }

    private static void signalGroup(Process process, String signal) {
        try {
            new ProcessBuilder("kill", signal, "--", "-" + process.pid()).redirectErrorStream(true).start()
                    .waitFor(1, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void log(Process process) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                LOG.info("{} [while-leader] {}", peer.name(), line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }
}
