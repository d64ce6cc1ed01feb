package io.conclave.scenario;

/** A scenario step that cannot be run as written (an unknown command, a missing argument): a mistake in the file. */
final class ScenarioException extends RuntimeException {

    ScenarioException(String message) {
        super(message);
    }
}
