package io.conclave.lab;

import io.conclave.election.ConclaveException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free TCP ports on loopback for a lab on a TCP stack, whose peers must list each other's ports up front. */
final class LabPorts {

    private LabPorts() {
    }

    static List<Integer> free(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new ConclaveException("cannot find " + count + " free TCP ports on 127.0.0.1: " + e.getMessage());
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
