package io.conclave.support;

import org.jgroups.protocols.UDP;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;

/**
 * UDP that keeps a copy of every datagram it puts on the wire (unicast and multicast), for eavesdropping
 * tests: what is captured here is exactly what anyone on the LAN could capture.
 */
public class CapturingUDP extends UDP {

    private static final ByteArrayOutputStream WIRE = new ByteArrayOutputStream();

    @Override
    protected void _send(InetAddress dest, int port, byte[] data, int offset, int length) throws Exception {
        synchronized (WIRE) {
            WIRE.write(data, offset, length);
        }
        super._send(dest, port, data, offset, length);
    }

    public static byte[] captured() {
        synchronized (WIRE) {
            return WIRE.toByteArray();
        }
    }

    public static void reset() {
        synchronized (WIRE) {
            WIRE.reset();
        }
    }
}
