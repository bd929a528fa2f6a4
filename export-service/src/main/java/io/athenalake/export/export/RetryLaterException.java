package io.athenalake.export.export;

import java.time.Duration;

/** The event cannot be handled yet: a wait that ends by itself; the consumer makes it visible again after {@link #delay()} (never dead-lettered for waiting). */
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
