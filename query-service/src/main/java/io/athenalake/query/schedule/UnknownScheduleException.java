package io.athenalake.query.schedule;

/** No schedule of this name is configured. */
public class UnknownScheduleException extends RuntimeException {

    public UnknownScheduleException(String name) {
        super("No schedule named " + name);
    }
}
