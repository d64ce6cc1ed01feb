package io.conclave.lab;

import io.conclave.election.ConclaveException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Free TCP ports on loopback, chosen before the peers start and bound by them one after the other: the admin
 * endpoints, and the transport ports of a TCP stack, whose peers must list each other's ports up front.
 * <p>
 * The ports lie below the kernel's ephemeral range (Linux: 32768 up; Windows and macOS: 49152 up). A port
 * the system once handed out for port 0 and was then let go can be handed out again to any socket bound
 * meanwhile: with 100 peers starting one after the other, every peer's JGroups sockets (its transport's,
 * FD_SOCK2's listener and connections) took ephemeral ports, and the 52nd peer's admin port had gone to one
 * of them. Below that range only a socket bound to that very port can take it.
 */
public final class LabPorts {

    /** Where the ports are looked for: above the usual service ports, below every common ephemeral range. */
    private static final int LOWEST = 10_000;
    private static final int EPHEMERAL_START = 32_768;
    private static final int ATTEMPTS = 50;

    private LabPorts() {
    }

    /**
     * {@code count} consecutive ports that are free now, from a random start (two labs on one host rarely try
     * the same ones). Consecutive, so that a caller can put a TCP transport's ports last: FD_SOCK2 listens
     * 100 above its transport's port, which then lies above the whole block.
     */
    public static List<Integer> free(int count) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOWEST, EPHEMERAL_START - count);
            if (allFree(first, count)) {
                return IntStream.range(first, first + count).boxed().toList();
            }
        }
        throw new ConclaveException("cannot find " + count + " consecutive free TCP ports on 127.0.0.1 between "
                + LOWEST + " and " + EPHEMERAL_START + " (" + ATTEMPTS + " tries)");
    }

    private static boolean allFree(int first, int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int port = first; port < first + count; port++) {
                held.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            held.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // the port is free again either way
                }
            });
        }
    }
}
