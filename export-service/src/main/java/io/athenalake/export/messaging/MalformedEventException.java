package io.athenalake.export.messaging;

/** A body that is not an event export-service can read; it goes to the dead-letter queue after the configured receives. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String reason) {
        super(reason);
    }

    public MalformedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
