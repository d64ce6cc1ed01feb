package io.conclave.scenario;

import java.io.IOException;
import java.util.List;

/**
 * Runs the steps of one rule family against the real rule in main, keeping whatever state the family needs
 * between steps (the keepers of a lease, the views of a merge); the time is the scenario's {@link FakeClock}.
 */
interface Driver extends AutoCloseable {

    /** The output of one step, line by line (empty when the step only changes state). */
    List<String> run(Command command);

    /** Releases what the driver holds outside the JVM (temporary data directories). */
    @Override
    default void close() throws IOException {
    }
}
