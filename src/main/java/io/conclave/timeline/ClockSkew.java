package io.conclave.timeline;

import java.time.Duration;

/**
 * How far one source's clock was from the reference source's (the first file): {@code offset} is added to
 * its time stamps. Estimated from views that peers of both sources installed, which happens within
 * milliseconds everywhere; {@code spread} is how much those estimates disagreed (its uncertainty).
 *
 * @param source      the file
 * @param offset      what was added to its time stamps (zero for the reference)
 * @param sharedViews how many views the estimate rests on; 0 means the source could not be aligned
 * @param spread      largest minus smallest of the per-view estimates
 * @param reference   whether this is the reference clock
 */
public record ClockSkew(String source, Duration offset, int sharedViews, Duration spread, boolean reference) {

    public boolean aligned() {
        return reference || sharedViews > 0;
    }
}
