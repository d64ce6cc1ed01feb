package io.conclave.election;

/**
 * A problem the user can fix (bad flag, bad stack file, port in use...). The message is one line that
 * names what was wrong and how to fix it; the CLI prints it without a stack trace.
 */
public class ConclaveException extends RuntimeException {

    public ConclaveException(String message) {
        super(message);
    }

    public ConclaveException(String message, Throwable cause) {
        super(message, cause);
    }
}
