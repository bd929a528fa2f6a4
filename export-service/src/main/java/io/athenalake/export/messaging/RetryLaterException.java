package io.athenalake.export.messaging;

import java.time.Duration;

/** The event cannot be handled yet; the message becomes visible again after {@link #delay()} (visibility back-off). */
public class RetryLaterException extends RuntimeException {

    private final Duration delay;

    public RetryLaterException(String reason, Duration delay) {
        super(reason);
        this.delay = delay;
    }

    public Duration delay() {
        return delay;
    }
}
