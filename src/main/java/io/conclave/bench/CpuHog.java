package io.conclave.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One busy core beside the peers of {@code bench soak}: a JVM of its own that spins until its stdin closes.
 * Reading stdin to its end ties its life to the bench's however the bench ends (even kill -9, where no
 * shutdown hook runs): the bench holds the other end of the pipe.
 */
public final class CpuHog {

    /** Written on every turn, so the JIT cannot prove the loop useless and drop it. */
    private static volatile long sink;

    private CpuHog() {
    }

    /** Starts a hog; {@code label} only names the soak it belongs to in {@code ps}. */
    static Process start(String label) {
        List<String> command = List.of(PeerProcess.javaBinary(), "-cp", PeerProcess.jar().toString(),
                CpuHog.class.getName(), label);
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a CPU hog", e);
        }
    }

    public static void main(String[] args) throws IOException {
        Thread spinner = new Thread(CpuHog::spin, "cpu-hog");
        spinner.setDaemon(true);
        spinner.start();
        while (System.in.read() != -1) {
            // nothing is sent; only the end of input matters
        }
    }

    private static void spin() {
        long x = 1;
        while (true) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            sink = x;
        }
    }
}
