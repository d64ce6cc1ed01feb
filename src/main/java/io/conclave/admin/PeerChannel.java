package io.conclave.admin;

import io.conclave.election.Peer;
import io.conclave.security.SEAL;
import io.conclave.spi.ChannelOwner;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.jgroups.JChannel;
import org.jgroups.util.Metrics;

import java.util.Map;
import java.util.Optional;

/** What the admin endpoint reads from a peer's JGroups channel, for peers started by this toolkit. */
final class PeerChannel {

    private PeerChannel() {
    }

    static Optional<JChannel> of(Peer peer) {
        return ChannelOwner.channelOf(peer);
    }

    /** Connected to its cluster; a peer of another kind counts as connected while it answers. */
    static boolean connected(Peer peer) {
        return of(peer).map(JChannel::isConnected).orElse(true);
    }

    /** Messages SEAL refused so far; 0 on stacks without SEAL. */
    static long refused(Peer peer) {
        return of(peer).map(ch -> (SEAL) ch.getProtocolStack().findProtocol(SEAL.class)).map(SEAL::refused).orElse(0L);
    }

    /**
     * Every numeric attribute JGroups' protocols expose ({@link Metrics}), as one gauge family labelled by
     * protocol and attribute: JGroups does not say which are counters, so none is claimed to be one.
     */
    static void jgroupsMetrics(Peer peer, PrometheusRegistry registry) {
        of(peer).ifPresent(channel -> {
            Map<String, Map<String, Metrics.Entry<Number>>> metrics = Metrics.convert(Metrics.extract(channel));
            GaugeWithCallback.builder().name("jgroups_protocol_attribute")
                    .help("Numeric attributes of this peer's JGroups protocols (org.jgroups.util.Metrics)")
                    .labelNames("protocol", "attribute")
                    .callback(cb -> metrics.forEach((protocol, attributes) -> attributes.forEach((name, entry) -> {
                        Number value = value(entry);
                        if (value != null) {
                            cb.call(value.doubleValue(), protocol, name);
                        }
                    }))).register(registry);
        });
    }

    /**
     * The attribute's value, or null if JGroups cannot give it as a number: its conversion assumes every TIME
     * attribute is a long and throws for one of another type (a Duration), which must not cost the whole scrape.
     */
    private static Number value(Metrics.Entry<Number> entry) {
        try {
            return entry.supplier().get();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
