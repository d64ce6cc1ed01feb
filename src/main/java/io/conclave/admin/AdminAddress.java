package io.conclave.admin;

import io.conclave.election.ConclaveException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where an admin endpoint listens, from {@code [HOST:]PORT}: loopback unless a host is given.
 *
 * @param host a host name or address ({@code 127.0.0.1} when none was given)
 * @param port the TCP port, 1 to 65535
 */
public record AdminAddress(String host, int port) {

    public static final String LOOPBACK = "127.0.0.1";

    /**
     * @param option how the user gave it ("PeerConfig.admin", "--admin"), for messages
     * @throws ConclaveException for anything that is not {@code [HOST:]PORT}
     */
    public static AdminAddress parse(String text, String option) {
        String value = text == null ? "" : text.strip();
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? LOOPBACK : value.substring(0, colon).replaceAll("^\\[|]$", "");
        String port = colon < 0 ? value : value.substring(colon + 1);
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new ConclaveException(option + " " + text + ": expected [HOST:]PORT, e.g. 8080 or 10.0.0.5:8080");
        }
        if (number < 1 || number > 65535 || host.isEmpty()) {
            throw new ConclaveException(option + " " + text + ": expected [HOST:]PORT with a port from 1 to 65535");
        }
        return new AdminAddress(host, number);
    }

    /** The address to bind; the host must resolve. */
    public InetSocketAddress socketAddress(String option) {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new ConclaveException(option + " " + this + ": unknown host " + host);
        }
    }

    /** True if only this machine can reach it. */
    public boolean loopback(String option) {
        return socketAddress(option).getAddress().isLoopbackAddress();
    }

    public String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
