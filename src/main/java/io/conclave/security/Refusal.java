package io.conclave.security;

/**
 * A message this peer dropped because it did not come from a holder of the cluster secret (or, on a stack
 * without a secret, because it came from a cluster that has one).
 *
 * @param kind    why it was dropped
 * @param sender  the sender's JGroups address as written on the message (not authenticated)
 * @param address the sender's host:port as it claims it, or "" if unknown (not authenticated)
 * @param detail  extra words for the message, e.g. the clock difference; may be ""
 */
public record Refusal(Kind kind, String sender, String address, String detail) {

    public enum Kind {
        /** Not sealed at all: a peer without the secret (or another program on the port). */
        UNSEALED("it has no cluster secret (unencrypted traffic)"),
        /** Sealed with another secret. */
        OTHER_SECRET("it uses a different cluster secret"),
        /** Right key id but the seal does not verify: forged, altered or damaged on the way. */
        FORGED("the message was forged or altered (it failed authentication)"),
        /** Sealed by a holder of the secret, but too old or too far in the future: a replay or a wrong clock. */
        STALE("the message is stale"),
        /** A TCP connection whose other end did not prove the secret: a stranger, or a peer with another secret. */
        UNAUTHENTICATED_CONNECTION("it opened a TCP connection without proving the cluster secret"),
        /** Seen on a stack without a secret: the cluster's peers seal their traffic with a secret this peer lacks. */
        SEALED_TRAFFIC("its peers encrypt with a cluster secret and this peer has none");

        private final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** "127.0.0.1:7800" if known, else the JGroups address. */
    public String who() {
        return address.isEmpty() ? sender : address;
    }
}
