package io.conclave.election;

import java.util.List;

/**
 * The running stack of a peer.
 *
 * @param origin      bundled name or file path
 * @param description the stack file's one-line description
 * @param mode        the election mode it gives
 * @param protocols   protocol names from the transport up
 * @param timings     the settings that decide how fast crashes, partitions and heals are noticed
 */
public record StackInfo(String origin, String description, Mode mode, List<String> protocols,
                        List<Setting> timings) {

    public StackInfo {
        protocols = List.copyOf(protocols);
        timings = List.copyOf(timings);
    }

    /** One setting, e.g. FD_ALL3 timeout = 2000 ms. */
    public record Setting(String protocol, String name, String value) {
    }
}
